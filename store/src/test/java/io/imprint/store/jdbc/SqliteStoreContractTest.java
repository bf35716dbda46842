package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
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
}
