package io.imprint.core.app.kms;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.kms.KeyState;
import io.imprint.core.domain.kms.RootKey;
import io.imprint.core.port.CustomerKeys;
import io.imprint.core.port.Tx;
import java.util.List;

/**
 * The root keys as the disks use them ({@link CustomerKeys}): data keys wrapped without aad, in the
 * caller's transaction. Unlike Key Protect's wrap and unwrap actions these are not events of their
 * own: the disks unwrap a data key once per process, and what a key protects is recorded by the
 * registrations, which are events.
 */
public final class DataKeyWrapping implements CustomerKeys {
  private final KeyCrypto crypto;
  private final Keys keys;
  private final KeyRegistrations registrations;

  DataKeyWrapping(KeyCrypto crypto, Keys keys, KeyRegistrations registrations) {
    this.crypto = crypto;
    this.keys = keys;
    this.registrations = registrations;
  }

  @Override
  public void requireUsable(Tx tx, String keyCrn, String field) {
    active(tx, keys.byCrn(tx, keyCrn, field), field);
  }

  @Override
  public byte[] wrap(Tx tx, String keyCrn, byte[] dataKey) {
    var key = active(tx, keys.byCrn(tx, keyCrn, "encryption_key.crn"), "encryption_key.crn");
    var latest = Keys.latest(tx, key);
    return crypto.wrap(latest, crypto.unseal(latest), dataKey, List.of());
  }

  @Override
  public byte[] unwrap(Tx tx, String keyCrn, byte[] wrapped) {
    var key = active(tx, keys.byCrn(tx, keyCrn, "encryption_key.crn"), "encryption_key.crn");
    var versionId = KeyCrypto.versionOf(wrapped).orElseThrow(KeyCrypto::unprocessable);
    var version =
        tx.keys().versions(key.id()).stream()
            .filter(v -> v.id().equals(versionId))
            .findFirst()
            .orElseThrow(KeyCrypto::unprocessable);
    return crypto.unwrap(version, crypto.unseal(version), wrapped, List.of());
  }

  @Override
  public void register(Tx tx, String keyCrn, String resourceCrn) {
    requireUsable(tx, keyCrn, "encryption_key.crn");
    registrations.register(tx, keyCrn, resourceCrn);
  }

  @Override
  public void unregister(Tx tx, String keyCrn, String resourceCrn) {
    registrations.unregister(tx, keyCrn, resourceCrn);
  }

  private RootKey active(Tx tx, RootKey key, String field) {
    if (key.state() != KeyState.ACTIVE) {
      var crn = keys.crn(key);
      throw new ApiException(
          ErrorCode.INVALID_STATE,
          "The root key "
              + crn
              + " ("
              + key.name()
              + ") is "
              + (key.state() == KeyState.DESTROYED ? "deleted" : "disabled")
              + "; only an active key encrypts or decrypts"
              + (key.state() == KeyState.DESTROYED ? "." : ": enable it first."),
          Target.field(field, crn));
    }
    return key;
  }
}
