package io.imprint.store.jdbc;

class PostgresDiskContractTest extends DiskContractTest {
  private final String schema = EmbeddedPostgresSchemas.newSchema("disks");

  @Override
  protected JdbcStore openStore() {
    return EmbeddedPostgresSchemas.open(schema);
  }
}
