package io.imprint.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL server per test JVM (started on first use, stopped at exit); each store
 * gets a schema.
 */
final class EmbeddedPostgresSchemas {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private EmbeddedPostgresSchemas() {}

  static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException e) {
                      // the JVM is exiting
                    }
                  }));
    }
    return postgres;
  }

  /** A new, empty schema's name. */
  static String newSchema(String prefix) {
    var schema = prefix + "_" + SCHEMAS.incrementAndGet();
    try (var c = server().getPostgresDatabase().getConnection();
        var s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return schema;
  }

  static JdbcStore open(String schema) {
    var url =
        "jdbc:postgresql://localhost:" + server().getPort() + "/postgres?currentSchema=" + schema;
    return JdbcStore.postgres(url, "postgres", "postgres");
  }
}
