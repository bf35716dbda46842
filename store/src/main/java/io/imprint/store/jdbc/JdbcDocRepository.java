package io.imprint.store.jdbc;

import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.iam.ReadScope;
import io.imprint.core.port.Repository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The part of a resource repository that is the same for every table; a subclass supplies its
 * {@link DocTable} and turns its filter into conditions.
 */
abstract class JdbcDocRepository<T extends Record, F> implements Repository<T, F> {
  protected final Sql sql;
  protected final DocTable<T> table;

  JdbcDocRepository(Sql sql, DocTable<T> table) {
    this.sql = sql;
    this.table = table;
  }

  /** The conditions that select what {@code filter} asks for; a null filter selects every row. */
  protected abstract Where where(F filter);

  /**
   * The order a list with {@code filter} asks for; null, the default, is the order rows were
   * inserted in.
   */
  protected DocTable.Order order(F filter) {
    return null;
  }

  @Override
  public void insert(T entity) {
    table.insert(sql, entity);
  }

  @Override
  public boolean update(T entity) {
    return table.update(sql, entity);
  }

  @Override
  public boolean delete(String id, long expectedVersion) {
    return table.delete(sql, id, expectedVersion);
  }

  @Override
  public Optional<T> get(String id) {
    return table.find(sql, Where.all().eq("id", id));
  }

  /** Ids bound per read of {@link #getAll}: well under either database's limit per statement. */
  static final int IDS_PER_READ = 500;

  /** The rows of {@code ids} that exist, in no particular order, read a statement per 500 ids. */
  public List<T> getAll(Collection<String> ids) {
    var unique = List.copyOf(new LinkedHashSet<>(ids));
    var found = new ArrayList<T>(unique.size());
    for (int from = 0; from < unique.size(); from += IDS_PER_READ) {
      var some = unique.subList(from, Math.min(unique.size(), from + IDS_PER_READ));
      found.addAll(table.list(sql, Where.all().inIfSet("id", some)));
    }
    return found;
  }

  @Override
  public Optional<T> findByName(String name) {
    return table.find(sql, Where.all().eq("name", name));
  }

  @Override
  public Page<T> list(F filter, ReadScope scope, PageRequest page) {
    return table.page(sql, visible(where(filter), scope), page, order(filter));
  }

  @Override
  public long count(F filter, ReadScope scope) {
    return table.count(sql, visible(where(filter), scope));
  }

  /**
   * {@code where} narrowed to what {@code scope} shows: rows of its resource groups and rows it
   * names. A table whose rows are not in groups by {@code resource_group_id} says so here.
   */
  protected Where visible(Where where, ReadScope scope) {
    return scope.everything()
        ? where
        : where.inEither("resource_group_id", scope.resourceGroupIds(), "id", scope.resourceIds());
  }
}
