package io.imprint.core.app.disk;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.disk.DataKey;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.disk.DiskCorruptedException;
import io.imprint.core.port.CustomerKeys;
import io.imprint.core.port.KeyWrapper;
import io.imprint.core.port.Tx;

/**
 * The disks' data keys and what protects them: the master key, or a customer root key of the key
 * service, with which each protected resource is registered while its disk exists.
 */
public final class DiskKeys {
  private final KeyWrapper wrapper;
  private final Deployment deployment;
  private final DataKeys keys;

  DiskKeys(KeyWrapper wrapper, Deployment deployment, DataKeys keys) {
    this.wrapper = wrapper;
    this.deployment = deployment;
    this.keys = keys;
  }

  /**
   * The key service, once it exists: it is made after the disks (it needs the events and the jobs),
   * and the disks need it only for customer root keys.
   */
  public void useCustomerKeys(CustomerKeys customerKeys) {
    keys.useCustomerKeys(customerKeys);
  }

  /** Refuses a customer root key that cannot protect a new resource; see {@link CustomerKeys}. */
  public void requireUsableKey(Tx tx, String keyCrn, String field) {
    keys.customer().requireUsable(tx, keyCrn, field);
  }

  /**
   * Forgets the data keys held in the clear, after a root key was disabled or deleted: from then on
   * a data key it wraps no longer unwraps.
   */
  public void forgetDataKeys() {
    keys.forgetAll();
  }

  /**
   * Registers the resource with its customer root key in {@code tx} (no-op for the master key, or
   * when it is already).
   */
  public void register(Tx tx, Protection protection) {
    if (protection.customer()) {
      keys.customer().register(tx, protection.rootKeyCrn(), protection.resourceCrn());
    }
  }

  /**
   * What {@code wrapped} holds, unwrapped in {@code tx} by the active customer root key {@code
   * keyCrn} (no aad), as Key Protect's unwrap action would; for secrets users wrapped themselves,
   * such as an import's {@code encrypted_data_key}.
   */
  public byte[] unwrapWithCustomerKey(Tx tx, String keyCrn, byte[] wrapped) {
    return keys.customer().unwrap(tx, keyCrn, wrapped);
  }

  /**
   * {@code secret} wrapped in {@code tx} by the newest version of the active key {@code keyCrn}.
   */
  public byte[] wrapWithCustomerKey(Tx tx, String keyCrn, byte[] secret) {
    return keys.customer().wrap(tx, keyCrn, secret);
  }

  /** Forgets in {@code tx} that the resource is protected by its customer root key. */
  public void unregister(Tx tx, Protection protection) {
    if (protection.customer()) {
      keys.customer().unregister(tx, protection.rootKeyCrn(), protection.resourceCrn());
    }
  }

  /** The root key that wraps the data key of {@code disk}: {@code master} or a key's CRN. */
  String rootKeyOf(Tx tx, Disk disk) {
    return tx.disks()
        .getDataKey(disk.dataKeyId())
        .orElseThrow(() -> new DiskCorruptedException("data key of " + disk.id() + " is missing"))
        .rootKey();
  }

  /** A fresh data key wrapped as {@code protection} says, registering the resource with its CRK. */
  DataKey newDataKey(Tx tx, Protection protection) {
    var dek = new byte[32];
    deployment.random().nextBytes(dek);
    var key =
        protection.customer()
            ? new DataKey(
                deployment.ids().uuid(),
                protection.rootKeyCrn(),
                keys.customer().wrap(tx, protection.rootKeyCrn(), dek),
                deployment.now())
            : new DataKey(
                deployment.ids().uuid(), wrapper.rootKey(), wrapper.wrap(dek), deployment.now());
    tx.disks().insertDataKey(key);
    keys.remember(key.id(), dek);
    register(tx, protection);
    return key;
  }
}
