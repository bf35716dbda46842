package io.imprint.store.jdbc;

/** The store contract on PostgreSQL; each test gets a schema of its own. */
class PostgresStoreContractTest extends StoreContractTest {
  private final String schema = EmbeddedPostgresSchemas.newSchema("contract");

  @Override
  protected JdbcStore openStore() {
    return EmbeddedPostgresSchemas.open(schema);
  }
}
