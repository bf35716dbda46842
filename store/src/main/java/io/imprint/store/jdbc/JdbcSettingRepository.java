package io.imprint.store.jdbc;

import io.imprint.core.port.SettingRepository;
import java.util.List;
import java.util.Optional;

/** Settings as rows of {@code settings (name, value)}. */
final class JdbcSettingRepository implements SettingRepository {
  private final Sql sql;

  JdbcSettingRepository(Sql sql) {
    this.sql = sql;
  }

  @Override
  public Optional<String> get(String name) {
    return sql
        .query("SELECT value FROM settings WHERE name = ?", List.of(name), row -> row.getString(1))
        .stream()
        .findFirst();
  }

  @Override
  public void put(String name, String value) {
    // an upsert both databases speak (SQLite 3.24+, PostgreSQL 9.5+)
    sql.update(
        "INSERT INTO settings (name, value) VALUES (?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        List.of(name, value));
  }
}
