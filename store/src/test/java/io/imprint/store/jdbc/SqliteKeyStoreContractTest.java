package io.imprint.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteKeyStoreContractTest extends KeyStoreContractTest {
  @TempDir Path dir;

  @Override
  protected JdbcStore openStore() {
    return JdbcStore.sqlite(dir.resolve("imprint.db"));
  }
}
