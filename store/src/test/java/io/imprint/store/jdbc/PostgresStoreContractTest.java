package io.imprint.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One embedded PostgreSQL server for the class; each test gets a schema of its own. */
class PostgresStoreContractTest extends StoreContractTest {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private final String schema = "contract_" + SCHEMAS.incrementAndGet();

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @Override
  protected JdbcStore openStore() {
    try (var c = postgres.getPostgresDatabase().getConnection();
        var s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    var url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?currentSchema=" + schema;
    return JdbcStore.postgres(url, "postgres", "postgres");
  }
}
