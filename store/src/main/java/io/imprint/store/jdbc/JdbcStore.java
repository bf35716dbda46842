package io.imprint.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import io.imprint.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The metadata store on SQLite (the embedded default) or PostgreSQL. Both run the same
 * repositories; they differ in where transactions get their connections.
 *
 * <p><b>SQLite</b> allows one writer at a time, and a writer that finds the database locked waits
 * at most {@code busy_timeout} and then fails with "database is locked". So writers never compete
 * inside SQLite: every write transaction runs on one dedicated connection, taken under a fair lock
 * that is held for that transaction only. Reads run on a pool of {@value #SQLITE_READERS}
 * connections of their own; under WAL they see the last committed state and neither wait for the
 * writer nor hold it up.
 *
 * <p><b>PostgreSQL</b> runs reads and writes on one pool of {@value #POSTGRES_POOL} connections at
 * READ COMMITTED. Racing writers are kept apart by the rows themselves: an update or delete with
 * {@code WHERE version = ?} waits for a concurrent writer of the row and then matches nothing, and
 * a unique constraint refuses the second of two equal names.
 *
 * <p><b>Nesting.</b> A {@link #read} or {@link #write} called from inside a running transaction on
 * the same thread joins it: it sees the outer transaction's changes, and its own changes commit or
 * roll back with the outer work (an exception the outer work catches does not undo them). A write
 * inside a read is refused with {@link IllegalStateException}. Work must not wait for another
 * thread that writes to the same store: on SQLite that thread waits for the lock the first one
 * holds.
 */
public final class JdbcStore implements Store {
  private static final System.Logger LOG = System.getLogger(JdbcStore.class.getName());
  private static final int SQLITE_READERS = 4;
  private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;
  private static final int POSTGRES_POOL = 10;

  private final Dialect dialect;

  /** SQLite: the read connections; PostgreSQL: every connection. */
  private final HikariDataSource pool;

  /** SQLite: the one connection that writes, used under {@link #writeLock}; PostgreSQL: null. */
  private final Connection writer;

  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final ThreadLocal<JdbcTx> current = new ThreadLocal<>();
  private volatile boolean closed;

  /** Documents already parsed, per table, for this store's database only. */
  private final ConcurrentMap<String, DocCache<?>> docCaches = new ConcurrentHashMap<>();

  private final CountCache counts = new CountCache();

  private JdbcStore(Dialect dialect, HikariDataSource pool, Connection writer) {
    this.dialect = dialect;
    this.pool = pool;
    this.writer = writer;
  }

  /**
   * A store in the SQLite file {@code databaseFile}, created with its parent directories if
   * missing.
   */
  public static JdbcStore sqlite(Path databaseFile) {
    var file = databaseFile.toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
      // SQLite gives its -wal and -shm files the mode of the database file, so an empty database
      // file made 0600 here keeps all three private whatever the umask
      if (!Files.exists(file)) {
        try {
          Files.createFile(file, PrivateFiles.newFile(file));
        } catch (FileAlreadyExistsException e) {
          // made by another opener meanwhile
        }
      }
      for (var suffix : List.of("", "-wal", "-shm")) {
        var part = file.resolveSibling(file.getFileName() + suffix);
        if (Files.exists(part)) {
          PrivateFiles.file(part);
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the metadata store " + file, e);
    }
    var config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
    // NORMAL is durable in WAL mode except for the last commits on power loss, and saves an fsync
    // per commit
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.enforceForeignKeys(true);
    // LIKE (the tag filter) compares case-sensitively, as it does on PostgreSQL
    config.enableCaseSensitiveLike(true);
    var source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file);
    migrate(source, Dialect.SQLITE);

    Connection writer = null;
    try {
      writer = source.getConnection();
      // Without statistics SQLite may count a filtered page through the least selective index
      // (visibility, where
      // every custom image is private) and read every row; ANALYZE at open gathers them, also after
      // rows were loaded
      // while the server was down.
      // analysis_limit keeps it to a sample, so this costs milliseconds even on 100,000 images.
      try (var statement = writer.createStatement()) {
        statement.execute("PRAGMA analysis_limit=2000");
        statement.execute("ANALYZE");
      }
      // 1 MiB of page cache per reader (SQLite's default is 2 MiB): the operating system caches the
      // file anyway, and the readers' caches are native memory outside every JVM limit (their 8 MiB
      // took bin/bench api's peak RSS over 256 MB); the writer keeps the default for the scheduler
      var readConfig = new SQLiteConfig(config.toProperties());
      readConfig.setCacheSize(-1024);
      var readSource = new SQLiteDataSource(readConfig);
      readSource.setUrl("jdbc:sqlite:" + file);
      var readers = new HikariConfig();
      readers.setPoolName("imprint-sqlite-read");
      readers.setDataSource(readSource);
      readers.setMaximumPoolSize(SQLITE_READERS);
      readers.setConnectionInitSql("PRAGMA query_only = ON");
      return new JdbcStore(Dialect.SQLITE, new HikariDataSource(readers), writer);
    } catch (SQLException e) {
      closeQuietly(writer, e);
      throw new StoreException("cannot open the metadata store " + file, e);
    } catch (RuntimeException e) {
      closeQuietly(writer, e);
      throw e;
    }
  }

  /** A store in a PostgreSQL database; the schema is the connection's current one. */
  public static JdbcStore postgres(String jdbcUrl, String user, String password) {
    var config = new HikariConfig();
    config.setPoolName("imprint-postgres");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(POSTGRES_POOL);
    config.setAutoCommit(false);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    var pool = new HikariDataSource(config);
    try {
      migrate(pool, Dialect.POSTGRES);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new JdbcStore(Dialect.POSTGRES, pool, null);
  }

  /**
   * The newest migration under {@code db/<dialect>/} (a test keeps this in step with the files). A
   * store already at this version opens without loading Flyway, which costs a few hundred classes
   * and a third of a start-up; so does a new SQLite store ({@link FreshSqliteSchema}); a store that
   * is behind or ahead goes through Flyway as always.
   */
  static final int LATEST_MIGRATION = 16;

  /**
   * How many migrations there are: versions may skip a number (one taken on another branch), and
   * both dialects have the same scripts, so the SQLite list counts for both.
   */
  private static final int MIGRATIONS = FreshSqliteSchema.SCRIPTS.size();

  private static void migrate(DataSource source, Dialect dialect) {
    if (isCurrent(source) || dialect == Dialect.SQLITE && createdFresh(source)) {
      return;
    }
    try {
      Flyway.configure(JdbcStore.class.getClassLoader())
          .dataSource(source)
          .locations(dialect.migrations)
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreException("cannot migrate the metadata store schema: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the database was empty and now holds the whole schema, made by {@link
   * FreshSqliteSchema}.
   */
  private static boolean createdFresh(DataSource source) {
    try (var connection = source.getConnection()) {
      if (!FreshSqliteSchema.isEmpty(connection)) {
        return false;
      }
      FreshSqliteSchema.create(connection);
      return true;
    } catch (SQLException e) {
      throw new StoreException("cannot create the metadata store schema: " + e.getMessage(), e);
    }
  }

  /**
   * Whether Flyway's history says every migration up to {@link #LATEST_MIGRATION}, and no later
   * one, succeeded ({@link #MIGRATIONS} of them).
   */
  private static boolean isCurrent(DataSource source) {
    try (var connection = source.getConnection();
        var statement = connection.createStatement()) {
      try (var rows =
          statement.executeQuery(
              "SELECT COUNT(*), MAX(CAST(version AS INTEGER)), MIN(CASE WHEN success THEN 1 ELSE 0 END)"
                  + " FROM flyway_schema_history WHERE version IS NOT NULL")) {
        rows.next();
        boolean current =
            rows.getInt(1) == MIGRATIONS
                && rows.getInt(2) == LATEST_MIGRATION
                && rows.getInt(3) == 1;
        if (!connection.getAutoCommit()) {
          connection.rollback();
        }
        return current;
      }
    } catch (SQLException e) {
      // no history table yet (a new database), or one we cannot read: Flyway decides
      return false;
    }
  }

  @Override
  public <T> T read(Function<Tx, T> work) {
    var running = current.get();
    if (running != null) {
      return work.apply(running);
    }
    requireOpen();
    try (var connection = pool.getConnection()) {
      return inTransaction(connection, true, work);
    } catch (SQLException e) {
      throw new StoreException("metadata store read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public <T> T write(Function<Tx, T> work) {
    var running = current.get();
    if (running != null) {
      if (running.readOnly()) {
        throw new IllegalStateException("a write cannot run inside a read transaction");
      }
      return work.apply(running);
    }
    requireOpen();
    try {
      if (writer == null) {
        try (var connection = pool.getConnection()) {
          return inTransaction(connection, false, work);
        }
      }
      writeLock.lock();
      try {
        requireOpen();
        return inTransaction(writer, false, work);
      } finally {
        writeLock.unlock();
      }
    } catch (SQLException e) {
      throw Sql.failure("metadata store write failed", e);
    }
  }

  /**
   * Runs work in one transaction on {@code connection}: a read is always rolled back, a write
   * commits when the work returns. Whatever the work throws rolls the transaction back and reaches
   * the caller unchanged.
   */
  private <T> T inTransaction(Connection connection, boolean readOnly, Function<Tx, T> work)
      throws SQLException {
    dialect.begin(connection, readOnly);
    T result;
    var sql = new Sql(connection, dialect, docCaches, counts, readOnly);
    var tx = new JdbcTx(sql, readOnly);
    current.set(tx);
    try {
      result = work.apply(tx);
      if (!readOnly) {
        tx.beforeCommit();
      }
    } catch (Throwable t) {
      rollbackAfter(connection, t);
      throw t;
    } finally {
      current.remove();
    }
    if (readOnly) {
      dialect.rollback(connection);
      return result;
    }
    try {
      dialect.commit(connection);
    } catch (SQLException e) {
      rollbackAfter(connection, e);
      throw e;
    }
    if (sql.changed()) {
      counts.changed();
    }
    for (var action : tx.afterCommitActions()) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "an action after a committed write failed", e);
      }
    }
    return result;
  }

  private void rollbackAfter(Connection connection, Throwable cause) {
    try {
      dialect.rollback(connection);
    } catch (SQLException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the metadata store is closed");
    }
  }

  /** Closes the connections; a write transaction that is running finishes first. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (writer != null) {
        writeLock.lock();
        try {
          writer.close();
        } finally {
          writeLock.unlock();
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot close the metadata store", e);
    } finally {
      pool.close();
    }
  }

  private static void closeQuietly(Connection connection, Exception cause) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
