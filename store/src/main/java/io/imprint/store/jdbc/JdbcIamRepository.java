package io.imprint.store.jdbc;

import io.imprint.core.domain.iam.ApiKey;
import io.imprint.core.domain.iam.ApiKeyDetails;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.domain.iam.ServiceId;
import io.imprint.core.port.DuplicateNameException;
import io.imprint.core.port.IamRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Identities and API keys on plain columns: few rows, read by key; the management API lists them a
 * page at a time by offset. A service ID's row and an API key's details sit beside the identity and
 * key rows of migration 11, joined on read.
 */
final class JdbcIamRepository implements IamRepository {
  private static final String IDENTITY_COLUMNS =
      "iam_id, kind, name, account_id, created_at, version";
  private static final String KEY_COLUMNS =
      "id, iam_id, name, lookup, secret_hash, created_at, locked, version";
  private static final List<Sql.UniqueKey> KEY_UNIQUES =
      List.of(
          new Sql.UniqueKey(
              List.of("lookup"),
              e -> new DuplicateNameException("an API key with this lookup exists", e)));

  private static final String SERVICE_ID_SELECT =
      "SELECT i.iam_id, i.kind, i.name, i.account_id, i.created_at, i.version,"
          + " s.description, s.modified_at, s.locked, s.version"
          + " FROM iam_identities i JOIN iam_service_ids s ON s.iam_id = i.iam_id";
  private static final String KEY_DETAILS_SELECT =
      "SELECT k.id, k.iam_id, k.name, k.lookup, k.secret_hash, k.created_at, k.locked, k.version,"
          + " d.description, d.created_by, d.modified_at"
          + " FROM iam_api_keys k LEFT JOIN iam_api_key_details d ON d.id = k.id";

  private final Sql sql;

  JdbcIamRepository(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void insertIdentity(Identity identity) {
    // a primary key's violation is named differently by each database: asked first instead, in the
    // writing transaction
    if (getIdentity(identity.iamId()).isPresent()) {
      throw new DuplicateNameException("the identity " + identity.iamId() + " exists", null);
    }
    sql.update(
        "INSERT INTO iam_identities (" + IDENTITY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
        List.of(
            identity.iamId(),
            identity.kind().wire(),
            identity.name(),
            identity.accountId(),
            identity.createdAt().toEpochMilli(),
            identity.version()));
  }

  @Override
  public Optional<Identity> getIdentity(String iamId) {
    return sql
        .query(
            "SELECT " + IDENTITY_COLUMNS + " FROM iam_identities WHERE iam_id = ?",
            List.of(iamId),
            JdbcIamRepository::identity)
        .stream()
        .findFirst();
  }

  @Override
  public void insertApiKey(ApiKey key) {
    sql.update(
        "INSERT INTO iam_api_keys (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        List.of(
            key.id(),
            key.iamId(),
            key.name(),
            key.lookup(),
            key.secretHash(),
            key.createdAt().toEpochMilli(),
            key.locked(),
            key.version()),
        "iam_api_keys",
        KEY_UNIQUES);
  }

  @Override
  public Optional<ApiKey> findApiKeyByLookup(String lookup) {
    return sql
        .query(
            "SELECT " + KEY_COLUMNS + " FROM iam_api_keys WHERE lookup = ?",
            List.of(lookup),
            JdbcIamRepository::apiKey)
        .stream()
        .findFirst();
  }

  @Override
  public List<ApiKey> apiKeysOf(String iamId) {
    return sql.query(
        "SELECT " + KEY_COLUMNS + " FROM iam_api_keys WHERE iam_id = ? ORDER BY created_at, id",
        List.of(iamId),
        JdbcIamRepository::apiKey);
  }

  @Override
  public boolean hasIdentities() {
    return sql.queryLong(
            "SELECT COUNT(*) FROM (SELECT 1 FROM iam_identities LIMIT 1) one", List.of())
        > 0;
  }

  @Override
  public List<Identity> identitiesOf(Identity.Kind kind) {
    return sql.query(
        "SELECT "
            + IDENTITY_COLUMNS
            + " FROM iam_identities WHERE kind = ? ORDER BY created_at, iam_id",
        List.of(kind.wire()),
        JdbcIamRepository::identity);
  }

  @Override
  public void insertServiceId(ServiceId serviceId) {
    insertIdentity(serviceId.identity());
    sql.update(
        "INSERT INTO iam_service_ids (iam_id, description, modified_at, locked, version)"
            + " VALUES (?, ?, ?, ?, ?)",
        params(
            serviceId.iamId(),
            serviceId.description(),
            serviceId.modifiedAt().toEpochMilli(),
            serviceId.locked(),
            serviceId.version()));
  }

  @Override
  public Optional<ServiceId> getServiceId(String iamId) {
    return sql
        .query(
            SERVICE_ID_SELECT + " WHERE i.iam_id = ?", List.of(iamId), JdbcIamRepository::serviceId)
        .stream()
        .findFirst();
  }

  @Override
  public List<ServiceId> listServiceIds(String name, long offset, int limit) {
    var where = name == null ? "" : " WHERE i.name = ?";
    var params = new ArrayList<Object>();
    if (name != null) {
      params.add(name);
    }
    params.add(limit);
    params.add(offset);
    return sql.query(
        SERVICE_ID_SELECT + where + " ORDER BY i.name, i.iam_id LIMIT ? OFFSET ?",
        params,
        JdbcIamRepository::serviceId);
  }

  @Override
  public boolean updateServiceId(ServiceId serviceId) {
    int rows =
        sql.update(
            "UPDATE iam_service_ids SET description = ?, modified_at = ?, locked = ?,"
                + " version = version + 1 WHERE iam_id = ? AND version = ?",
            params(
                serviceId.description(),
                serviceId.modifiedAt().toEpochMilli(),
                serviceId.locked(),
                serviceId.iamId(),
                serviceId.version()));
    if (rows == 0) {
      return false;
    }
    sql.update(
        "UPDATE iam_identities SET name = ?, version = version + 1 WHERE iam_id = ?",
        List.of(serviceId.name(), serviceId.iamId()));
    return true;
  }

  @Override
  public boolean deleteServiceId(String iamId, long version) {
    if (sql.update(
            "DELETE FROM iam_service_ids WHERE iam_id = ? AND version = ?", List.of(iamId, version))
        == 0) {
      return false;
    }
    sql.update(
        "DELETE FROM iam_api_key_details WHERE id IN (SELECT id FROM iam_api_keys WHERE iam_id = ?)",
        List.of(iamId));
    sql.update("DELETE FROM iam_api_keys WHERE iam_id = ?", List.of(iamId));
    sql.update("DELETE FROM iam_identities WHERE iam_id = ?", List.of(iamId));
    return true;
  }

  @Override
  public void insertApiKeyDetails(ApiKeyDetails details) {
    insertApiKey(details.key());
    sql.update(
        "INSERT INTO iam_api_key_details (id, description, created_by, modified_at)"
            + " VALUES (?, ?, ?, ?)",
        params(
            details.id(),
            details.description(),
            details.createdBy(),
            details.modifiedAt().toEpochMilli()));
  }

  @Override
  public Optional<ApiKeyDetails> getApiKey(String id) {
    return sql
        .query(KEY_DETAILS_SELECT + " WHERE k.id = ?", List.of(id), JdbcIamRepository::details)
        .stream()
        .findFirst();
  }

  @Override
  public List<ApiKeyDetails> listApiKeys(String iamId, long offset, int limit) {
    var where = iamId == null ? "" : " WHERE k.iam_id = ?";
    var params = new ArrayList<Object>();
    if (iamId != null) {
      params.add(iamId);
    }
    params.add(limit);
    params.add(offset);
    return sql.query(
        KEY_DETAILS_SELECT + where + " ORDER BY k.created_at, k.id LIMIT ? OFFSET ?",
        params,
        JdbcIamRepository::details);
  }

  @Override
  public boolean updateApiKey(ApiKeyDetails details) {
    var key = details.key();
    int rows =
        sql.update(
            "UPDATE iam_api_keys SET name = ?, locked = ?, version = version + 1"
                + " WHERE id = ? AND version = ?",
            List.of(key.name(), key.locked(), key.id(), key.version()));
    if (rows == 0) {
      return false;
    }
    // the administrator's first key was made before there were details to keep
    if (sql.update(
            "UPDATE iam_api_key_details SET description = ?, modified_at = ? WHERE id = ?",
            params(details.description(), details.modifiedAt().toEpochMilli(), key.id()))
        == 0) {
      sql.update(
          "INSERT INTO iam_api_key_details (id, description, created_by, modified_at)"
              + " VALUES (?, ?, ?, ?)",
          params(
              key.id(),
              details.description(),
              details.createdBy(),
              details.modifiedAt().toEpochMilli()));
    }
    return true;
  }

  @Override
  public boolean deleteApiKey(String id, long version) {
    var key =
        sql.query(
            "SELECT 1 FROM iam_api_keys WHERE id = ? AND version = ?",
            List.of(id, version),
            row -> 1);
    if (key.isEmpty()) {
      return false;
    }
    sql.update("DELETE FROM iam_api_key_details WHERE id = ?", List.of(id));
    return sql.update("DELETE FROM iam_api_keys WHERE id = ? AND version = ?", List.of(id, version))
        > 0;
  }

  /** Positional parameters, some of which may be null (List.of refuses nulls). */
  private static List<Object> params(Object... values) {
    return Arrays.asList(values);
  }

  private static ServiceId serviceId(ResultSet row) throws SQLException {
    return new ServiceId(
        identity(row),
        row.getString(7),
        Instant.ofEpochMilli(row.getLong(8)),
        row.getBoolean(9),
        row.getLong(10));
  }

  private static ApiKeyDetails details(ResultSet row) throws SQLException {
    var key = apiKey(row);
    long modified = row.getLong(11);
    var modifiedAt = row.wasNull() ? key.createdAt() : Instant.ofEpochMilli(modified);
    return new ApiKeyDetails(key, row.getString(9), row.getString(10), modifiedAt);
  }

  private static Identity identity(ResultSet row) throws SQLException {
    return new Identity(
        row.getString(1),
        Identity.Kind.fromWire(row.getString(2)),
        row.getString(3),
        row.getString(4),
        Instant.ofEpochMilli(row.getLong(5)),
        row.getLong(6));
  }

  private static ApiKey apiKey(ResultSet row) throws SQLException {
    return new ApiKey(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        Instant.ofEpochMilli(row.getLong(6)),
        row.getBoolean(7),
        row.getLong(8));
  }
}
