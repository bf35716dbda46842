package io.imprint.core.app.disk;

import io.imprint.core.domain.disk.DiskCorruptedException;
import io.imprint.core.port.KeyWrapper;
import io.imprint.core.port.Store;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The disks' data keys in the clear, each unwrapped once and then kept: every chunk read or written
 * needs its disk's key, and unwrapping is a call to the key wrapper, which may hold the root key
 * elsewhere.
 */
final class DataKeys {
  private final Store store;
  private final KeyWrapper wrapper;
  private final Map<String, byte[]> plain = new ConcurrentHashMap<>();

  DataKeys(Store store, KeyWrapper wrapper) {
    this.store = store;
    this.wrapper = wrapper;
  }

  /** Keeps a key just made, whose wrapped form the caller stores. */
  void remember(String id, byte[] key) {
    plain.put(id, key);
  }

  byte[] get(String id) {
    return plain.computeIfAbsent(
        id,
        k -> {
          var key =
              store
                  .read(tx -> tx.disks().getDataKey(k))
                  .orElseThrow(() -> new DiskCorruptedException("data key " + k + " is missing"));
          return wrapper.unwrap(key.wrapped());
        });
  }
}
