package io.imprint.core.port;

import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.iam.ReadScope;
import java.util.Optional;

/**
 * What every resource repository offers. Writes are compare-and-set on the row's version: {@link
 * #update} and {@link #delete} return false when the row is gone or has changed since it was read,
 * and the caller turns that into a conflict instead of overwriting someone else's change.
 *
 * @param <T> the resource record
 * @param <F> its list filter
 */
public interface Repository<T, F> {
  /** Inserts a new row. Throws {@link DuplicateNameException} when the name is taken. */
  void insert(T entity);

  /**
   * Replaces the row if its version is still {@code entity.version()}; the stored version is then
   * incremented. Throws {@link DuplicateNameException} when a rename collides.
   */
  boolean update(T entity);

  /** Deletes the row if its version is still {@code expectedVersion}. */
  boolean delete(String id, long expectedVersion);

  Optional<T> get(String id);

  Optional<T> findByName(String name);

  /** The page of what {@code filter} selects, as far as {@code scope} lets the caller see. */
  Page<T> list(F filter, ReadScope scope, PageRequest page);

  long count(F filter, ReadScope scope);

  default Page<T> list(F filter, PageRequest page) {
    return list(filter, ReadScope.all(), page);
  }

  default long count(F filter) {
    return count(filter, ReadScope.all());
  }
}
