package io.imprint.store.jdbc;

/** Key Protect's store contract on PostgreSQL; each test gets a schema of its own. */
class PostgresKeyStoreContractTest extends KeyStoreContractTest {
  private final String schema = EmbeddedPostgresSchemas.newSchema("keys");

  @Override
  protected JdbcStore openStore() {
    return EmbeddedPostgresSchemas.open(schema);
  }
}
