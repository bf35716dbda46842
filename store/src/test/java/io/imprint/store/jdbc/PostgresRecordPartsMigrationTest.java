package io.imprint.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

class PostgresRecordPartsMigrationTest extends RecordPartsMigrationTest {
  private final String schema = EmbeddedPostgresSchemas.newSchema("parts");

  @Override
  protected JdbcStore openStore() {
    return EmbeddedPostgresSchemas.open(schema);
  }

  @Override
  protected Connection connect() throws SQLException {
    var port = EmbeddedPostgresSchemas.server().getPort();
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/postgres?currentSchema=" + schema,
        "postgres",
        "postgres");
  }
}
