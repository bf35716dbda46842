package io.imprint.store.jdbc;

import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.port.Repository;
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

  @Override
  public Optional<T> findByName(String name) {
    return table.find(sql, Where.all().eq("name", name));
  }

  @Override
  public Page<T> list(F filter, PageRequest page) {
    return table.page(sql, where(filter), page);
  }

  @Override
  public long count(F filter) {
    return table.count(sql, where(filter));
  }
}
