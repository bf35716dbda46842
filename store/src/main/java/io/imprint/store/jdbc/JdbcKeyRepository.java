package io.imprint.store.jdbc;

import io.imprint.core.domain.kms.KeyState;
import io.imprint.core.domain.kms.KeyVersion;
import io.imprint.core.domain.kms.Registration;
import io.imprint.core.domain.kms.RootKey;
import io.imprint.core.port.KeyRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Root keys, versions and registrations on plain columns ({@code kms_*}). A key's state and
 * metadata change only by compare-and-set on its version; registrations are rows whose primary key
 * makes registering twice one row.
 */
final class JdbcKeyRepository implements KeyRepository {
  private static final String COLUMNS =
      "id, instance_id, name, description, state, imported, created_at, created_by, updated_at,"
          + " last_rotated_at, deleted_at, deleted_by, version";

  private final Sql sql;

  JdbcKeyRepository(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void insert(RootKey key) {
    var d = key.dates();
    sql.update(
        "INSERT INTO kms_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Arrays.asList(
            key.id(),
            key.instanceId(),
            key.name(),
            key.description(),
            key.state().code(),
            key.imported(),
            d.createdAt().toEpochMilli(),
            d.createdBy(),
            d.updatedAt().toEpochMilli(),
            millis(d.lastRotatedAt()),
            millis(d.deletedAt()),
            d.deletedBy(),
            key.version()));
  }

  @Override
  public Optional<RootKey> get(String id) {
    return sql
        .query(
            "SELECT " + COLUMNS + " FROM kms_keys WHERE id = ?",
            List.of(id),
            JdbcKeyRepository::key)
        .stream()
        .findFirst();
  }

  @Override
  public boolean update(RootKey key, KeyState from) {
    var d = key.dates();
    return sql.update(
            "UPDATE kms_keys SET state = ?, updated_at = ?, last_rotated_at = ?, deleted_at = ?,"
                + " deleted_by = ?, version = ? WHERE id = ? AND version = ? AND state = ?",
            Arrays.asList(
                key.state().code(),
                d.updatedAt().toEpochMilli(),
                millis(d.lastRotatedAt()),
                millis(d.deletedAt()),
                d.deletedBy(),
                key.version(),
                key.id(),
                key.version() - 1,
                from.code()))
        == 1;
  }

  @Override
  public List<RootKey> list(String instanceId, long offset, int limit) {
    return sql.query(
        "SELECT "
            + COLUMNS
            + " FROM kms_keys WHERE instance_id = ? AND state <> ?"
            + " ORDER BY created_at, id LIMIT ? OFFSET ?",
        List.of(instanceId, KeyState.DESTROYED.code(), limit, offset),
        JdbcKeyRepository::key);
  }

  @Override
  public long count(String instanceId) {
    return sql.count(
        "SELECT COUNT(*) FROM kms_keys WHERE instance_id = ? AND state <> ?",
        List.of(instanceId, KeyState.DESTROYED.code()));
  }

  @Override
  public void insertVersion(KeyVersion version) {
    sql.update(
        "INSERT INTO kms_key_versions (key_id, number, id, created_at, sealed)"
            + " VALUES (?, ?, ?, ?, ?)",
        Arrays.asList(
            version.keyId(),
            version.number(),
            version.id(),
            version.createdAt().toEpochMilli(),
            version.sealed()));
  }

  @Override
  public List<KeyVersion> versions(String keyId) {
    return sql.query(
        "SELECT key_id, number, id, created_at, sealed FROM kms_key_versions WHERE key_id = ?"
            + " ORDER BY number",
        List.of(keyId),
        row ->
            new KeyVersion(
                row.getString(1),
                row.getInt(2),
                row.getString(3),
                Instant.ofEpochMilli(row.getLong(4)),
                row.getBytes(5)));
  }

  @Override
  public void destroyMaterial(String keyId) {
    sql.update("UPDATE kms_key_versions SET sealed = NULL WHERE key_id = ?", List.of(keyId));
  }

  @Override
  public boolean register(Registration registration) {
    return sql.update(
            "INSERT INTO kms_registrations (key_id, resource_crn, created_at, created_by)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            Arrays.asList(
                registration.keyId(),
                registration.resourceCrn(),
                registration.createdAt().toEpochMilli(),
                registration.createdBy()))
        == 1;
  }

  @Override
  public boolean unregister(String keyId, String resourceCrn) {
    return sql.update(
            "DELETE FROM kms_registrations WHERE key_id = ? AND resource_crn = ?",
            List.of(keyId, resourceCrn))
        == 1;
  }

  @Override
  public List<Registration> registrations(String keyId) {
    return sql.query(
        "SELECT key_id, resource_crn, created_at, created_by FROM kms_registrations"
            + " WHERE key_id = ? ORDER BY resource_crn",
        List.of(keyId),
        row ->
            new Registration(
                row.getString(1),
                row.getString(2),
                Instant.ofEpochMilli(row.getLong(3)),
                row.getString(4)));
  }

  private static RootKey key(ResultSet row) throws SQLException {
    return new RootKey(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        KeyState.ofCode(row.getInt(5)),
        row.getBoolean(6),
        new RootKey.Dates(
            Instant.ofEpochMilli(row.getLong(7)),
            row.getString(8),
            Instant.ofEpochMilli(row.getLong(9)),
            instant(row, 10),
            instant(row, 11),
            row.getString(12)),
        row.getLong(13));
  }

  private static Long millis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? null : Instant.ofEpochMilli(millis);
  }
}
