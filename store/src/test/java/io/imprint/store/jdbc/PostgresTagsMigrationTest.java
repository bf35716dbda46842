package io.imprint.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

class PostgresTagsMigrationTest extends TagsMigrationTest {
  private final String schema = EmbeddedPostgresSchemas.newSchema("tags");

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
