package io.imprint.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

class SqliteTagsMigrationTest extends TagsMigrationTest {
  @TempDir Path dir;

  @Override
  protected JdbcStore openStore() {
    return JdbcStore.sqlite(dir.resolve("imprint.db"));
  }

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("imprint.db"));
  }
}
