package io.imprint.store.jdbc;

/** IAM management's store contract on PostgreSQL; each test gets a schema of its own. */
class PostgresIamStoreContractTest extends IamStoreContractTest {
  private final String schema = EmbeddedPostgresSchemas.newSchema("iam");

  @Override
  protected JdbcStore openStore() {
    return EmbeddedPostgresSchemas.open(schema);
  }
}
