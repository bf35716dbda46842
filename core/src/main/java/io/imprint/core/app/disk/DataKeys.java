package io.imprint.core.app.disk;

import io.imprint.core.domain.disk.DiskCorruptedException;
import io.imprint.core.port.CustomerKeys;
import io.imprint.core.port.KeyWrapper;
import io.imprint.core.port.Store;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The disks' data keys in the clear, each unwrapped once and then kept: every chunk read or written
 * needs its disk's key, and unwrapping is a call to the key wrapper, which may hold the root key
 * elsewhere. A data key names its root key: the master key, or a customer root key (its CRN),
 * unwrapped through {@link CustomerKeys}.
 */
final class DataKeys {
  private final Store store;
  private final KeyWrapper wrapper;
  private final Map<String, byte[]> plain = new ConcurrentHashMap<>();
  private volatile CustomerKeys customer;

  DataKeys(Store store, KeyWrapper wrapper) {
    this.store = store;
    this.wrapper = wrapper;
  }

  void useCustomerKeys(CustomerKeys keys) {
    this.customer = keys;
  }

  CustomerKeys customer() {
    if (customer == null) {
      throw new IllegalStateException("no key service: customer root keys cannot be used");
    }
    return customer;
  }

  /** Keeps a key just made, whose wrapped form the caller stores. */
  void remember(String id, byte[] key) {
    plain.put(id, key);
  }

  /**
   * Forgets every data key in the clear: the next use unwraps again, so a key that was disabled or
   * deleted meanwhile is refused.
   */
  void forgetAll() {
    plain.clear();
  }

  byte[] get(String id) {
    return plain.computeIfAbsent(
        id,
        k ->
            store.read(
                tx -> {
                  var key =
                      tx.disks()
                          .getDataKey(k)
                          .orElseThrow(
                              () -> new DiskCorruptedException("data key " + k + " is missing"));
                  return key.rootKey().equals(wrapper.rootKey())
                      ? wrapper.unwrap(key.wrapped())
                      : customer().unwrap(tx, key.rootKey(), key.wrapped());
                }));
  }
}
