package io.imprint.core.port;

/**
 * Customer root keys (CRKs) as the disks use them: a data key of a resource encrypted with a CRK is
 * wrapped by that key (without aad) instead of the master key, and the resource is registered with
 * the key so that deleting the key needs {@code force}. Each call runs inside the caller's
 * transaction, so the data key row, the registration and the resource commit together.
 */
public interface CustomerKeys {
  /**
   * Refuses a key that cannot protect a new resource: one no key of this server has (400 on {@code
   * field}), or one that is not active (409), each error naming the key.
   */
  void requireUsable(Tx tx, String keyCrn, String field);

  /** {@code dataKey} wrapped by the newest version of the active key {@code keyCrn}. */
  byte[] wrap(Tx tx, String keyCrn, byte[] dataKey);

  /**
   * The data key that {@code wrapped} holds, under whichever version of {@code keyCrn} wrapped it.
   */
  byte[] unwrap(Tx tx, String keyCrn, byte[] wrapped);

  void register(Tx tx, String keyCrn, String resourceCrn);

  void unregister(Tx tx, String keyCrn, String resourceCrn);
}
