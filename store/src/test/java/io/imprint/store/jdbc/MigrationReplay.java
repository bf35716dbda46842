package io.imprint.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Makes a store forget migrations, so that the next open runs them again over data a test wrote the
 * way an older Imprint did. Later migrations are written to run again unharmed, but SQLite cannot
 * add a column only when it is missing: what such a migration added is dropped here first.
 */
final class MigrationReplay {
  private MigrationReplay() {}

  /** Forgets migration {@code version} and every later one. */
  static void forgetFrom(Connection c, int version) throws SQLException {
    try (var s = c.createStatement()) {
      // migration 16 (a column cannot be dropped while an index holds it)
      for (var index :
          List.of(
              "images_created_at_seq", "images_visibility_created_at", "images_visibility_name")) {
        s.executeUpdate("DROP INDEX IF EXISTS " + index);
      }
      s.executeUpdate("ALTER TABLE images DROP COLUMN created_at");
      s.executeUpdate(
          "DELETE FROM flyway_schema_history WHERE installed_rank >= (SELECT installed_rank FROM"
              + " flyway_schema_history WHERE version = '"
              + version
              + "')");
    }
  }
}
