package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new SQLite store is created without Flyway, and the result is what Flyway itself would have
 * made.
 */
class FreshSqliteSchemaTest {
  @TempDir Path dir;

  @Test
  void a_new_store_has_flyways_schema_and_history_without_running_flyway() throws Exception {
    var ours = dir.resolve("ours.db");
    JdbcStore.sqlite(ours).close();
    var flyways = dir.resolve("flyway.db");
    flyway(flyways).migrate();

    assertThat(schema(ours)).isEqualTo(schema(flyways)).isNotEmpty();
    assertThat(history(ours)).isEqualTo(history(flyways)).hasSize(FreshSqliteSchema.SCRIPTS.size());
  }

  @Test
  void flyway_validates_the_history_and_finds_nothing_pending() throws Exception {
    var ours = dir.resolve("ours.db");
    JdbcStore.sqlite(ours).close();
    var flyway = flyway(ours);
    flyway.validate();
    assertThat(flyway.info().pending()).isEmpty();
    assertThat(flyway.migrate().migrationsExecuted).isZero();
  }

  @Test
  void the_script_list_names_every_sqlite_migration_in_order() throws Exception {
    try (var files = Files.list(Path.of("src/main/resources/db/sqlite"))) {
      var onDisk =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.matches("V\\d+__.*\\.sql"))
              .sorted(Comparator.comparingInt(n -> Integer.parseInt(FreshSqliteSchema.version(n))))
              .toList();
      assertThat(FreshSqliteSchema.SCRIPTS).isEqualTo(onDisk);
    }
  }

  @Test
  void the_checksum_ignores_line_breaks_and_a_byte_order_mark() {
    int lf = FreshSqliteSchema.checksum("CREATE TABLE a (x INT);\nCREATE INDEX i ON a (x);\n");
    assertThat(
            FreshSqliteSchema.checksum("CREATE TABLE a (x INT);\r\nCREATE INDEX i ON a (x);\r\n"))
        .isEqualTo(lf);
    assertThat(
            FreshSqliteSchema.checksum("\uFEFFCREATE TABLE a (x INT);\nCREATE INDEX i ON a (x);"))
        .isEqualTo(lf);
    assertThat(FreshSqliteSchema.checksum("CREATE TABLE a (x INT);\nCREATE INDEX j ON a (x);\n"))
        .isNotEqualTo(lf);
  }

  @Test
  void a_database_that_already_holds_something_is_left_to_flyway_which_refuses_it()
      throws Exception {
    var file = dir.resolve("other.db");
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
        var s = c.createStatement()) {
      s.execute("CREATE TABLE unrelated (x INT)");
    }
    assertThatThrownBy(() -> JdbcStore.sqlite(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no schema history table");
    assertThat(schema(file))
        .containsExactly("table|unrelated|unrelated|CREATE TABLE unrelated (x INT)");
  }

  private static Flyway flyway(Path file) {
    return Flyway.configure(FreshSqliteSchemaTest.class.getClassLoader())
        .dataSource("jdbc:sqlite:" + file, null, null)
        .locations(Dialect.SQLITE.migrations)
        .load();
  }

  private static List<String> schema(Path file) throws Exception {
    return rows(
        file,
        "SELECT type || '|' || name || '|' || tbl_name || '|' || COALESCE(sql, '') FROM sqlite_master"
            // the store runs ANALYZE after migrating, which Flyway alone does not
            + " WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name");
  }

  /** Everything in Flyway's history but the moment and the duration of each migration. */
  private static List<String> history(Path file) throws Exception {
    return rows(
        file,
        "SELECT installed_rank || '|' || version || '|' || description || '|' || type || '|' || script"
            + " || '|' || checksum || '|' || installed_by || '|' || success FROM flyway_schema_history ORDER BY installed_rank");
  }

  private static List<String> rows(Path file, String query) throws Exception {
    var rows = new ArrayList<String>();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
        var s = c.createStatement();
        var rs = s.executeQuery(query)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
