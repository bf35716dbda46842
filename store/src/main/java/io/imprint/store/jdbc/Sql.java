package io.imprint.store.jdbc;

import io.imprint.core.port.StorageFullException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Runs the statements of one transaction on its connection; a failure becomes a {@link
 * StoreException}.
 */
final class Sql {
  @FunctionalInterface
  interface RowMapper<R> {
    R map(ResultSet row) throws SQLException;
  }

  /**
   * A unique key whose refusal the caller handles: the violated key's exception replaces the SQL
   * error.
   *
   * @param columns the key's columns, as the schema declares them
   * @param refusal the exception to throw, given the database's
   */
  record UniqueKey(List<String> columns, Function<SQLException, RuntimeException> refusal) {}

  private final Connection connection;
  private final Dialect dialect;

  private final ConcurrentMap<String, DocCache<?>> docCaches;
  private final CountCache counts;
  private final long sequence;
  private final boolean readOnly;
  private boolean changed;

  /** {@code docCaches}: the store's parsed documents per table, shared by all its transactions. */
  Dialect dialect() {
    return dialect;
  }

  /**
   * {@code counts}: the store's list counts, shared by its read transactions; the sequence this
   * transaction reads them at is taken now, before its first statement.
   */
  Sql(
      Connection connection,
      Dialect dialect,
      ConcurrentMap<String, DocCache<?>> docCaches,
      CountCache counts,
      boolean readOnly) {
    this.connection = connection;
    this.dialect = dialect;
    this.docCaches = docCaches;
    this.counts = counts;
    this.sequence = counts.sequence();
    this.readOnly = readOnly;
  }

  /** Whether a statement of this transaction changed a row. */
  boolean changed() {
    return changed;
  }

  /**
   * {@code SELECT COUNT(*)…} of {@code sql}: kept for the read transactions that follow until a
   * change commits ({@link CountCache}).
   */
  long count(String sql, List<?> params) {
    if (!readOnly) {
      return queryLong(sql, params);
    }
    var key = new CountCache.Key(sql, params);
    long kept = counts.get(key);
    if (kept >= 0) {
      return kept;
    }
    long count = queryLong(sql, params);
    counts.put(key, count, sequence);
    return count;
  }

  /** The parsed documents of {@code table}; records of one table are all of one type. */
  @SuppressWarnings("unchecked")
  <T> DocCache<T> docCache(String table) {
    return (DocCache<T>) docCaches.computeIfAbsent(table, t -> new DocCache<>(DocCache.SLOTS));
  }

  int update(String sql, List<?> params) {
    try (var statement = prepare(sql, params)) {
      return noted(statement.executeUpdate());
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  private int noted(int rows) {
    if (rows != 0) {
      changed = true;
    }
    return rows;
  }

  /**
   * An insert or update that one of {@code keys} may refuse. The refusal leaves the transaction
   * usable (under a savepoint where the database would abort it), so a caller may catch it and go
   * on.
   */
  int update(String sql, List<?> params, String table, List<UniqueKey> keys) {
    try {
      var savepoint = dialect.abortsTransactionOnError() ? connection.setSavepoint() : null;
      try (var statement = prepare(sql, params)) {
        int rows = noted(statement.executeUpdate());
        if (savepoint != null) {
          connection.releaseSavepoint(savepoint);
        }
        return rows;
      } catch (SQLException e) {
        if (savepoint != null) {
          rollbackTo(savepoint, e);
        }
        for (var key : keys) {
          if (dialect.violates(e, table, key.columns())) {
            throw key.refusal().apply(e);
          }
        }
        throw e;
      }
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  /**
   * One statement executed once per item, with the parameters {@code paramsOf} gives it, {@link
   * #BATCH_ROWS} items per round trip where the driver can; rows per execution. Each item's
   * parameters are built when the batch reaches it: with the driver holding only a round trip's
   * worth, a change of ten thousand rows does not hold all their documents at once.
   */
  <E> int[] batch(String sql, List<E> items, Function<? super E, ? extends List<?>> paramsOf) {
    var rows = new int[items.size()];
    if (rows.length == 0) {
      return rows;
    }
    try (var statement = connection.prepareStatement(sql)) {
      int done = 0;
      for (int at = 0; at < rows.length; at++) {
        var params = paramsOf.apply(items.get(at));
        for (int i = 0; i < params.size(); i++) {
          statement.setObject(i + 1, params.get(i));
        }
        statement.addBatch();
        if (at + 1 - done == BATCH_ROWS || at + 1 == rows.length) {
          var some = statement.executeBatch();
          System.arraycopy(some, 0, rows, done, some.length);
          done = at + 1;
        }
      }
      for (int n : rows) {
        noted(n);
      }
      return rows;
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  private static final int BATCH_ROWS = 256;

  /**
   * Undoes the failed statement; if even that fails, the transaction is lost and the original error
   * is thrown.
   */
  private void rollbackTo(Savepoint savepoint, SQLException failure) throws SQLException {
    try {
      connection.rollback(savepoint);
    } catch (SQLException e) {
      failure.addSuppressed(e);
      throw failure;
    }
  }

  <R> List<R> query(String sql, List<?> params, RowMapper<R> mapper) {
    try (var statement = prepare(sql, params);
        var rows = statement.executeQuery()) {
      var result = new ArrayList<R>();
      while (rows.next()) {
        result.add(mapper.map(rows));
      }
      return result;
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  long queryLong(String sql, List<?> params) {
    return query(sql, params, row -> row.getLong(1)).getFirst();
  }

  private PreparedStatement prepare(String sql, List<?> params) throws SQLException {
    var statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < params.size(); i++) {
        statement.setObject(i + 1, params.get(i));
      }
      return statement;
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
  }

  private static RuntimeException failed(String sql, SQLException e) {
    return failure("metadata store statement failed: " + sql, e);
  }

  /**
   * {@code e} as what the store throws: {@link StorageFullException} when the database has no space
   * left, else a {@link StoreException} saying {@code what} failed.
   */
  static RuntimeException failure(String what, SQLException e) {
    if (Dialect.outOfSpace(e)) {
      return new StorageFullException("the metadata store has no space left: " + e.getMessage(), e);
    }
    return new StoreException(what + ": " + e.getMessage(), e);
  }
}
