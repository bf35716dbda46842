package io.imprint.store.jdbc;

/** The event outbox's contract on PostgreSQL; each test gets a schema of its own. */
class PostgresEventStoreContractTest extends EventStoreContractTest {
  private final String schema = EmbeddedPostgresSchemas.newSchema("events");

  @Override
  protected JdbcStore openStore() {
    return EmbeddedPostgresSchemas.open(schema);
  }
}
