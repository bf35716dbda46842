package io.imprint.store.jdbc;

import io.imprint.core.domain.iam.ApiKey;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.port.DuplicateNameException;
import io.imprint.core.port.IamRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Identities and API keys on plain columns: few rows, read by key, never listed in pages. */
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
