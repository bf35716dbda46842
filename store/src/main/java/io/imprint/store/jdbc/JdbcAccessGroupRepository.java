package io.imprint.store.jdbc;

import io.imprint.core.domain.iam.AccessGroup;
import io.imprint.core.domain.iam.GroupMember;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.port.AccessGroupRepository;
import io.imprint.core.port.DuplicateNameException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Access groups and their members on plain columns, paged by offset as IBM's API pages them. */
final class JdbcAccessGroupRepository implements AccessGroupRepository {
  private static final String COLUMNS =
      "id, name, description, account_id, created_at, modified_at, version";
  private static final String TABLE = "iam_access_groups";
  private static final List<Sql.UniqueKey> UNIQUES =
      List.of(
          new Sql.UniqueKey(
              List.of("name"),
              e -> new DuplicateNameException("an access group of this name exists", e)));

  private final Sql sql;

  JdbcAccessGroupRepository(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void insert(AccessGroup group) {
    sql.update(
        "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
        Arrays.asList(
            group.id(),
            group.name(),
            group.description(),
            group.accountId(),
            group.createdAt().toEpochMilli(),
            group.modifiedAt().toEpochMilli(),
            group.version()),
        TABLE,
        UNIQUES);
  }

  @Override
  public Optional<AccessGroup> get(String id) {
    return one("id", id);
  }

  @Override
  public Optional<AccessGroup> findByName(String name) {
    return one("name", name);
  }

  private Optional<AccessGroup> one(String column, String value) {
    return sql
        .query(
            "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE " + column + " = ?",
            List.of(value),
            JdbcAccessGroupRepository::group)
        .stream()
        .findFirst();
  }

  @Override
  public List<AccessGroup> list(long offset, int limit) {
    return sql.query(
        "SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY name, id LIMIT ? OFFSET ?",
        List.of(limit, offset),
        JdbcAccessGroupRepository::group);
  }

  @Override
  public long count() {
    return sql.queryLong("SELECT COUNT(*) FROM " + TABLE, List.of());
  }

  @Override
  public boolean update(AccessGroup group) {
    return sql.update(
            "UPDATE "
                + TABLE
                + " SET name = ?, description = ?, modified_at = ?, version = version + 1"
                + " WHERE id = ? AND version = ?",
            Arrays.asList(
                group.name(),
                group.description(),
                group.modifiedAt().toEpochMilli(),
                group.id(),
                group.version()),
            TABLE,
            UNIQUES)
        > 0;
  }

  @Override
  public boolean delete(String id, long version) {
    if (sql.query(
            "SELECT 1 FROM " + TABLE + " WHERE id = ? AND version = ?",
            List.of(id, version),
            row -> 1)
        .isEmpty()) {
      return false;
    }
    sql.update("DELETE FROM iam_access_group_members WHERE group_id = ?", List.of(id));
    return sql.update(
            "DELETE FROM " + TABLE + " WHERE id = ? AND version = ?", List.of(id, version))
        > 0;
  }

  @Override
  public boolean addMember(GroupMember member) {
    return sql.update(
            "INSERT INTO iam_access_group_members (group_id, iam_id, kind, created_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (group_id, iam_id) DO NOTHING",
            List.of(
                member.groupId(),
                member.iamId(),
                member.kind().wire(),
                member.createdAt().toEpochMilli()))
        > 0;
  }

  @Override
  public List<GroupMember> members(String groupId, long offset, int limit) {
    return sql.query(
        "SELECT group_id, iam_id, kind, created_at FROM iam_access_group_members"
            + " WHERE group_id = ? ORDER BY created_at, iam_id LIMIT ? OFFSET ?",
        List.of(groupId, limit, offset),
        row ->
            new GroupMember(
                row.getString(1),
                row.getString(2),
                Identity.Kind.fromWire(row.getString(3)),
                Instant.ofEpochMilli(row.getLong(4))));
  }

  @Override
  public long countMembers(String groupId) {
    return sql.queryLong(
        "SELECT COUNT(*) FROM iam_access_group_members WHERE group_id = ?", List.of(groupId));
  }

  @Override
  public boolean removeMember(String groupId, String iamId) {
    return sql.update(
            "DELETE FROM iam_access_group_members WHERE group_id = ? AND iam_id = ?",
            List.of(groupId, iamId))
        > 0;
  }

  @Override
  public void removeFromAllGroups(String iamId) {
    sql.update("DELETE FROM iam_access_group_members WHERE iam_id = ?", List.of(iamId));
  }

  @Override
  public List<String> groupsOf(String iamId) {
    return sql.query(
        "SELECT group_id FROM iam_access_group_members WHERE iam_id = ? ORDER BY group_id",
        List.of(iamId),
        row -> row.getString(1));
  }

  private static AccessGroup group(ResultSet row) throws SQLException {
    return new AccessGroup(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        Instant.ofEpochMilli(row.getLong(5)),
        Instant.ofEpochMilli(row.getLong(6)),
        row.getLong(7));
  }
}
