package io.imprint.server;

import io.imprint.core.app.disk.MasterKey;
import io.imprint.core.port.Store;
import io.imprint.server.config.Config;
import io.imprint.server.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The service master key: from configuration ({@code master-key}), or kept in {@code
 * data-dir/master.key} (32 random bytes, mode 0600, made on first start). A data dir remembers
 * which key it was encrypted with, so a start with another key is refused before anything is read
 * or written.
 */
final class MasterKeys {
  static final String CHECK = "master_key_check";

  private MasterKeys() {}

  static byte[] load(Config config) {
    if (config.masterKey() != null) {
      return config.masterKey();
    }
    var file = config.dataDir().resolve("master.key");
    try {
      if (Files.exists(file)) {
        var key = Files.readAllBytes(file);
        if (key.length != 32) {
          throw new ConfigException(
              "data-dir", file + " is not a 32-byte master key; restore it from a backup");
        }
        return key;
      }
      var key = new byte[32];
      new SecureRandom().nextBytes(key);
      var tmp =
          Files.createTempFile(
              config.dataDir(),
              ".master",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, key);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return key;
    } catch (IOException e) {
      throw new ConfigException(
          "data-dir", "cannot keep the master key in " + file + ": " + e.getMessage());
    }
  }

  static void requireSameKey(Store store, MasterKey key) {
    var check = key.checkValue();
    var known =
        store.write(
            tx -> {
              var stored = tx.settings().get(CHECK);
              if (stored.isEmpty()) {
                tx.settings().put(CHECK, check);
              }
              return stored.orElse(check);
            });
    if (!known.equals(check)) {
      throw new ConfigException(
          "master-key",
          "this is not the master key the data was encrypted with; restore the original data-dir/master.key or master-key setting");
    }
  }
}
