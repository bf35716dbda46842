package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
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
  void both_dialects_have_the_same_migrations() throws Exception {
    var versions = new ArrayList<List<String>>();
    for (var dialect : List.of("sqlite", "postgres")) {
      try (var files = Files.list(Path.of("src/main/resources/db", dialect))) {
        versions.add(files.map(f -> f.getFileName().toString()).sorted().toList());
      }
    }
    assertThat(versions.get(1)).isEqualTo(versions.get(0));
  }
}
