package io.imprint.store.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Creates the schema of a new, empty SQLite database without Flyway, leaving exactly the history
 * Flyway would have written, so that Flyway takes over for every later migration as if it had done
 * this one itself.
 *
 * <p>Why: every first start (a fresh data dir, each test's server) otherwise loads and runs Flyway,
 * which was about 0.5 s of a 1.5 s cold start. Only an empty database takes this path; anything
 * else is Flyway's to judge. A test compares the schema and history this writes with Flyway's own,
 * and has Flyway validate it.
 */
final class FreshSqliteSchema {
  /**
   * The scripts under {@code db/sqlite/}, oldest first; a test keeps this in step with the
   * directory.
   */
  static final List<String> SCRIPTS =
      List.of(
          "V1__init.sql",
          "V2__disks.sql",
          "V3__jobs.sql",
          "V4__image_dates.sql",
          "V5__lifecycle_warnings.sql",
          "V6__image_filter_index.sql",
          "V7__lifecycle_due_indexes.sql",
          "V8__events.sql",
          "V9__job_schedule.sql",
          "V10__record_parts.sql",
          "V11__iam.sql",
          "V12__iam_policies.sql",
          "V13__iam_identity.sql",
          "V14__tags.sql",
          "V15__keys.sql",
          "V16__image_sort_keys.sql");

  /**
   * Flyway's own history table on SQLite, character for character, so that its later reads and
   * writes fit.
   */
  private static final String HISTORY_TABLE =
      """
      CREATE TABLE "flyway_schema_history" (
          "installed_rank" INT NOT NULL PRIMARY KEY,
          "version" VARCHAR(50),
          "description" VARCHAR(200) NOT NULL,
          "type" VARCHAR(20) NOT NULL,
          "script" VARCHAR(1000) NOT NULL,
          "checksum" INT,
          "installed_by" VARCHAR(100) NOT NULL,
          "installed_on" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')),
          "execution_time" INT NOT NULL,
          "success" BOOLEAN NOT NULL
      )""";

  private static final String HISTORY_INDEX =
      "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"flyway_schema_history\" (\"success\")";

  private FreshSqliteSchema() {}

  /** Whether the database holds no table, index or view at all. */
  static boolean isEmpty(Connection connection) throws SQLException {
    try (var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT COUNT(*) FROM sqlite_master")) {
      rows.next();
      return rows.getInt(1) == 0;
    }
  }

  /** Runs every script and records each in Flyway's history, all in one transaction. */
  static void create(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (var statement = connection.createStatement()) {
      statement.executeUpdate(HISTORY_TABLE);
      statement.executeUpdate(HISTORY_INDEX);
      // SQLite prepares against the schema as it is, so only now that the history table exists
      try (var insert =
          connection.prepareStatement(
              "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                  + " installed_by, execution_time, success) VALUES (?, ?, ?, 'SQL', ?, ?, '', ?, 1)")) {
        int rank = 0;
        for (var script : SCRIPTS) {
          var text = read(script);
          long started = System.nanoTime();
          // the driver hands the whole text to sqlite3_exec, which runs every statement in it
          statement.executeUpdate(text);
          insert.setInt(1, ++rank);
          insert.setString(2, version(script));
          insert.setString(3, description(script));
          insert.setString(4, script);
          insert.setInt(5, checksum(text));
          insert.setInt(6, (int) ((System.nanoTime() - started) / 1_000_000));
          insert.executeUpdate();
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** "V4__image_dates.sql" → "4". */
  static String version(String script) {
    return script.substring(1, script.indexOf("__"));
  }

  /** "V4__image_dates.sql" → "image dates", as Flyway derives it. */
  static String description(String script) {
    return script
        .substring(script.indexOf("__") + 2, script.length() - ".sql".length())
        .replace('_', ' ');
  }

  /**
   * Flyway's checksum of a script: CRC-32 over the UTF-8 bytes of each line without its line break
   * (a byte-order mark dropped), as a signed int. Line breaks do not count, so a script checked out
   * with CRLF has the same checksum.
   */
  static int checksum(String text) {
    var crc = new CRC32();
    var start = text.startsWith("\uFEFF") ? 1 : 0;
    text.substring(start)
        .lines()
        .forEach(line -> crc.update(line.getBytes(StandardCharsets.UTF_8)));
    return (int) crc.getValue();
  }

  private static String read(String script) {
    var path = "db/sqlite/" + script;
    var in = FreshSqliteSchema.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new StoreException("migration script missing from the class path: " + path, null);
    }
    try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      var text = new StringBuilder();
      reader.lines().forEach(line -> text.append(line).append('\n'));
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
