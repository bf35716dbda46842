package io.imprint.store.jdbc;

import io.imprint.core.domain.tag.TagName;
import io.imprint.core.domain.tag.TaggedResource;
import io.imprint.core.port.TagRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * User tags as rows of (resource type, resource id, name) in {@code user_tags}; the primary key
 * makes a tag attached twice one row, and {@code ON CONFLICT DO NOTHING} (SQLite and PostgreSQL
 * alike) makes a second attach a no-op rather than an error.
 */
final class JdbcTagRepository implements TagRepository {
  private final Sql sql;

  JdbcTagRepository(Sql sql) {
    this.sql = sql;
  }

  /**
   * {@code where} narrowed to the rows of {@code type} (their {@code id} column) that carry {@code
   * tag}; no narrowing when the tag is null ("not filtered"). One indexed subquery, so paging and
   * {@code total_count} stay in SQL.
   */
  static Where taggedIfSet(Where where, TaggedResource.Type type, String tag) {
    if (tag == null) {
      return where;
    }
    return where.and(
        "id IN (SELECT resource_id FROM user_tags WHERE name = ? AND resource_type = ?)",
        tag,
        type.crnType());
  }

  @Override
  public boolean attach(TaggedResource resource, TagName tag) {
    return sql.update(
            "INSERT INTO user_tags (resource_type, resource_id, name) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING",
            List.of(resource.type().crnType(), resource.id(), tag.value()))
        == 1;
  }

  @Override
  public boolean detach(TaggedResource resource, TagName tag) {
    return sql.update(
            "DELETE FROM user_tags WHERE resource_type = ? AND resource_id = ? AND name = ?",
            List.of(resource.type().crnType(), resource.id(), tag.value()))
        == 1;
  }

  @Override
  public void detachAll(TaggedResource resource) {
    sql.update(
        "DELETE FROM user_tags WHERE resource_type = ? AND resource_id = ?",
        List.of(resource.type().crnType(), resource.id()));
  }

  @Override
  public List<TagName> tagsOf(TaggedResource resource) {
    return sql.query(
        "SELECT name FROM user_tags WHERE resource_type = ? AND resource_id = ? ORDER BY name",
        List.of(resource.type().crnType(), resource.id()),
        rows -> new TagName(rows.getString(1)));
  }

  @Override
  public Map<String, List<TagName>> tagsOf(TaggedResource.Type type, Collection<String> ids) {
    var tags = new LinkedHashMap<String, List<TagName>>();
    if (ids.isEmpty()) {
      return tags;
    }
    var params = new ArrayList<Object>();
    params.add(type.crnType());
    params.addAll(ids);
    sql.query(
            "SELECT resource_id, name FROM user_tags WHERE resource_type = ? AND resource_id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?"))
                + ") ORDER BY resource_id, name",
            params,
            rows -> Map.entry(rows.getString(1), new TagName(rows.getString(2))))
        .forEach(
            tag -> tags.computeIfAbsent(tag.getKey(), id -> new ArrayList<>()).add(tag.getValue()));
    return tags;
  }

  @Override
  public List<TagName> list(long offset, int limit) {
    return sql.query(
        "SELECT DISTINCT name FROM user_tags ORDER BY name LIMIT ? OFFSET ?",
        List.of(limit, offset),
        rows -> new TagName(rows.getString(1)));
  }

  @Override
  public long count() {
    return sql.count("SELECT COUNT(DISTINCT name) FROM user_tags", List.of());
  }
}
