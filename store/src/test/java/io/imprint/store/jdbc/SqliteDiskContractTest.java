package io.imprint.store.jdbc;

class SqliteDiskContractTest extends DiskContractTest {
  @Override
  protected JdbcStore openStore() {
    return JdbcStore.sqlite(dir.resolve("imprint.db"));
  }
}
