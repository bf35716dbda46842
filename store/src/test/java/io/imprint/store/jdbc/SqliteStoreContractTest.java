package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreContractTest extends StoreContractTest {
  @TempDir Path dir;

  /** A directory that does not exist yet: the store creates it. */
  private Path databaseFile() {
    return dir.resolve("data").resolve("imprint.db");
  }

  @Override
  protected JdbcStore openStore() {
    return JdbcStore.sqlite(databaseFile());
  }

  @Test
  void the_database_file_is_in_wal_mode() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
        var s = c.createStatement();
        var rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void the_latest_migration_constant_names_the_newest_file_of_each_dialect() throws Exception {
    for (var dialect : List.of("sqlite", "postgres")) {
      try (var files = Files.list(Path.of("src/main/resources/db", dialect))) {
        var newest =
            files
                .map(f -> f.getFileName().toString())
                .filter(n -> n.matches("V\\d+__.*\\.sql"))
                .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                .max()
                .orElseThrow();
        assertThat(JdbcStore.LATEST_MIGRATION).as(dialect).isEqualTo(newest);
      }
    }
  }

  @Test
  void a_store_behind_the_latest_migration_is_migrated_when_it_opens() throws Exception {
    store.close();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
        var s = c.createStatement()) {
      s.execute("DROP TABLE events");
      s.execute("DROP TABLE event_cursors");
      s.execute(
          "DELETE FROM flyway_schema_history WHERE version = '" + JdbcStore.LATEST_MIGRATION + "'");
    }
    store = openStore();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'event_cursors')")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }
}
