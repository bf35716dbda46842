package io.imprint.store.jdbc;

import io.imprint.core.domain.iam.Policy;
import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.PolicySubject;
import io.imprint.core.domain.iam.Role;
import io.imprint.core.port.PolicyRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Policies on plain columns, one per attribute, so that a subject's policies are one indexed read.
 */
final class JdbcPolicyRepository implements PolicyRepository {
  private static final String COLUMNS =
      "id, subject_iam_id, subject_group_id, roles, service_name, resource_group_id, resource_type,"
          + " resource, description, created_at, created_by, version";
  private static final String ORDER = " ORDER BY created_at, id";

  private final Sql sql;

  JdbcPolicyRepository(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void insert(Policy policy) {
    var values = new ArrayList<Object>();
    values.add(policy.id());
    values.addAll(row(policy));
    values.add(policy.version());
    sql.update(
        "INSERT INTO iam_policies ("
            + COLUMNS
            + ") VALUES ("
            + String.join(", ", Collections.nCopies(12, "?"))
            + ")",
        values);
  }

  @Override
  public Optional<Policy> get(String id) {
    return sql
        .query(
            "SELECT " + COLUMNS + " FROM iam_policies WHERE id = ?",
            List.of(id),
            JdbcPolicyRepository::policy)
        .stream()
        .findFirst();
  }

  @Override
  public boolean update(Policy policy) {
    var values = new ArrayList<Object>(row(policy));
    values.add(policy.id());
    values.add(policy.version());
    return sql.update(
            "UPDATE iam_policies SET subject_iam_id = ?, subject_group_id = ?, roles = ?,"
                + " service_name = ?, resource_group_id = ?, resource_type = ?, resource = ?,"
                + " description = ?, created_at = ?, created_by = ?, version = version + 1"
                + " WHERE id = ? AND version = ?",
            values)
        == 1;
  }

  @Override
  public boolean delete(String id, long expectedVersion) {
    return sql.update(
            "DELETE FROM iam_policies WHERE id = ? AND version = ?", List.of(id, expectedVersion))
        == 1;
  }

  @Override
  public List<Policy> list(String iamId, String accessGroupId) {
    var where =
        Where.all().eqIfSet("subject_iam_id", iamId).eqIfSet("subject_group_id", accessGroupId);
    return sql.query(
        "SELECT " + COLUMNS + " FROM iam_policies" + where.sql() + ORDER,
        where.params(),
        JdbcPolicyRepository::policy);
  }

  @Override
  public List<Policy> policiesFor(String iamId, Collection<String> accessGroupIds) {
    var params = new ArrayList<Object>();
    params.add(iamId);
    var condition = new StringBuilder("subject_iam_id = ?");
    if (!accessGroupIds.isEmpty()) {
      condition
          .append(" OR subject_group_id IN (")
          .append(String.join(", ", Collections.nCopies(accessGroupIds.size(), "?")))
          .append(")");
      params.addAll(accessGroupIds);
    }
    return sql.query(
        "SELECT " + COLUMNS + " FROM iam_policies WHERE " + condition + ORDER,
        params,
        JdbcPolicyRepository::policy);
  }

  @Override
  public boolean any() {
    return sql.queryLong("SELECT COUNT(*) FROM (SELECT 1 FROM iam_policies LIMIT 1) one", List.of())
        > 0;
  }

  /** The columns after the id and before the version, in {@link #COLUMNS}' order. */
  private static List<Object> row(Policy policy) {
    var scope = policy.resource();
    return Arrays.asList(
        policy.subject().iamId(),
        policy.subject().accessGroupId(),
        policy.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")),
        scope.serviceName(),
        scope.resourceGroupId(),
        scope.resourceType(),
        scope.resource(),
        policy.description(),
        policy.createdAt().toEpochMilli(),
        policy.createdBy());
  }

  private static Policy policy(ResultSet row) throws SQLException {
    var roles = EnumSet.noneOf(Role.class);
    for (var name : row.getString(4).split(",")) {
      roles.add(Role.valueOf(name));
    }
    return new Policy(
        row.getString(1),
        new PolicySubject(row.getString(2), row.getString(3)),
        roles,
        new PolicyResource(row.getString(5), row.getString(6), row.getString(7), row.getString(8)),
        row.getString(9),
        Instant.ofEpochMilli(row.getLong(10)),
        row.getString(11),
        row.getLong(12));
  }
}
