package io.imprint.store.jdbc;

import io.imprint.store.OutOfSpace;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.util.PSQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What differs between the two databases: migrations, how a transaction begins and ends, unique-key
 * refusals.
 */
enum Dialect {
  /**
   * Transactions are plain {@code BEGIN}/{@code COMMIT} statements on connections left in JDBC
   * auto-commit, so the driver never opens one on its own. Writes begin {@code IMMEDIATE}: the
   * write lock is taken at the start, not when a reading transaction first writes, which could fail
   * without waiting for {@code busy_timeout}.
   */
  SQLITE("classpath:db/sqlite") {
    @Override
    void begin(Connection c, boolean readOnly) throws SQLException {
      execute(c, readOnly ? "BEGIN" : "BEGIN IMMEDIATE");
    }

    @Override
    void commit(Connection c) throws SQLException {
      execute(c, "COMMIT");
    }

    @Override
    void rollback(Connection c) throws SQLException {
      execute(c, "ROLLBACK");
    }

    /**
     * SQLite names the violated columns, not the constraint: "UNIQUE constraint failed: t.a, t.b".
     */
    @Override
    boolean violates(SQLException e, String table, List<String> columns) {
      if (!(e instanceof SQLiteException s)
          || s.getResultCode() != SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
        return false;
      }
      var message = s.getMessage();
      var marker = "UNIQUE constraint failed: ";
      int at = message.lastIndexOf(marker);
      if (at < 0) {
        return false;
      }
      var failed = message.substring(at + marker.length()).replaceAll("\\)+$", "").strip();
      return failed.equals(
          String.join(", ", columns.stream().map(col -> table + "." + col).toList()));
    }

    @Override
    String skipLocked() {
      return "";
    }

    @Override
    boolean abortsTransactionOnError() {
      return false;
    }
  },

  /** Connections come from the pool with auto-commit off and READ COMMITTED. */
  POSTGRES("classpath:db/postgres") {
    @Override
    void begin(Connection c, boolean readOnly) throws SQLException {
      c.setReadOnly(readOnly);
    }

    @Override
    void commit(Connection c) throws SQLException {
      c.commit();
    }

    @Override
    void rollback(Connection c) throws SQLException {
      c.rollback();
    }

    /**
     * The schema names unique constraints {@code <table>_<columns>_key}; 23505 is unique_violation.
     */
    @Override
    boolean violates(SQLException e, String table, List<String> columns) {
      if (!(e instanceof PSQLException p)
          || !"23505".equals(p.getSQLState())
          || p.getServerErrorMessage() == null) {
        return false;
      }
      return (table + "_" + String.join("_", columns) + "_key")
          .equals(p.getServerErrorMessage().getConstraint());
    }

    @Override
    String skipLocked() {
      return " FOR UPDATE SKIP LOCKED";
    }

    /**
     * After any error PostgreSQL refuses further statements until the transaction (or a savepoint)
     * rolls back.
     */
    @Override
    boolean abortsTransactionOnError() {
      return true;
    }
  };

  final String migrations;

  Dialect(String migrations) {
    this.migrations = migrations;
  }

  /**
   * Whether {@code e} is the database out of space: SQLite's {@code SQLITE_FULL} (13, or an I/O
   * error the file system reported as ENOSPC) or PostgreSQL's {@code disk_full} (53100). Either
   * dialect's signs are recognised, as a store knows only the driver's exception.
   */
  static boolean outOfSpace(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && (sql.getErrorCode() == SQLITE_FULL || "53100".equals(sql.getSQLState()))) {
        return true;
      }
      if (t.getMessage() != null && t.getMessage().contains("SQLITE_FULL")) {
        return true;
      }
    }
    return OutOfSpace.reportedIn(e);
  }

  private static final int SQLITE_FULL = 13;

  abstract void begin(Connection c, boolean readOnly) throws SQLException;

  abstract void commit(Connection c) throws SQLException;

  abstract void rollback(Connection c) throws SQLException;

  /** Whether {@code e} is the refusal of the unique key on {@code columns} of {@code table}. */
  abstract boolean violates(SQLException e, String table, List<String> columns);

  /**
   * Whether a failed statement spoils the rest of its transaction. Where it does, statements whose
   * refusal the caller may handle run under a savepoint, so the transaction can go on as it does on
   * SQLite.
   */
  abstract boolean abortsTransactionOnError();

  /**
   * The tail that makes a queue read pass over rows other transactions have locked, so that
   * concurrent claimers take different jobs instead of queueing behind one another. SQLite has one
   * writer at a time and needs none.
   */
  abstract String skipLocked();

  private static void execute(Connection c, String sql) throws SQLException {
    try (var s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
