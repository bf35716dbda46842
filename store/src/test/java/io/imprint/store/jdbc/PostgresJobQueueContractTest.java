package io.imprint.store.jdbc;

class PostgresJobQueueContractTest extends JobQueueContractTest {
  private final String schema = EmbeddedPostgresSchemas.newSchema("jobs");

  @Override
  protected JdbcStore openStore() {
    return EmbeddedPostgresSchemas.open(schema);
  }
}
