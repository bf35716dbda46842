package io.imprint.core.app.kms;

import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.kms.KeyTransitions;
import io.imprint.core.domain.kms.KeyVersion;
import io.imprint.core.domain.kms.RootKey;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.util.List;

/**
 * Wrapping data keys under a root key, Key Protect's {@code wrap}, {@code unwrap} and {@code
 * rewrap} actions: only an active key is used (else 409 {@code KEY_ACTION_INVALID_STATE_ERR}), each
 * call is an event ({@code kms.secrets.wrap} …, the key version in its response data), and a
 * ciphertext unwraps under whichever version wrapped it.
 */
public final class KeyWrapService {
  /**
   * A wrapped data key, the version that wrapped it, and the data key itself when it was generated.
   */
  public record Wrapped(byte[] ciphertext, KeyVersion version, byte[] generated) {}

  /**
   * An unwrapped data key and the version that had wrapped it; {@code rewrapped} is the same data
   * key wrapped by the newest version when an older one had wrapped it (rewrapping is advised),
   * else null.
   */
  public record Unwrapped(byte[] plaintext, KeyVersion version, Wrapped rewrapped) {}

  private final Store store;
  private final EventRecorder events;
  private final KeyCrypto crypto;
  private final Keys keys;

  KeyWrapService(Store store, EventRecorder events, KeyCrypto crypto, Keys keys) {
    this.store = store;
    this.events = events;
    this.crypto = crypto;
    this.keys = keys;
  }

  /**
   * Wraps {@code plaintext}, or a data key generated here when it is null, under the newest
   * version.
   */
  public Wrapped wrapKey(String instanceId, String id, byte[] plaintext, List<String> aad) {
    return store.write(
        tx -> {
          var key = usable(tx, instanceId, id, "wrap");
          var generated = plaintext == null ? crypto.newKey() : null;
          var wrapped = wrapLatest(tx, key, plaintext == null ? generated : plaintext, aad);
          record(tx, key, "wrap", wrapped.version());
          return new Wrapped(wrapped.ciphertext(), wrapped.version(), generated);
        });
  }

  public Unwrapped unwrapKey(String instanceId, String id, byte[] ciphertext, List<String> aad) {
    return store.write(
        tx -> {
          var key = usable(tx, instanceId, id, "unwrap");
          var result = unwrap(tx, key, ciphertext, aad);
          record(tx, key, "unwrap", result.version());
          return result;
        });
  }

  /** Unwraps {@code ciphertext} and wraps its data key again under the newest version. */
  public Wrapped rewrapKey(String instanceId, String id, byte[] ciphertext, List<String> aad) {
    return store.write(
        tx -> {
          var key = usable(tx, instanceId, id, "rewrap");
          var plain = unwrap(tx, key, ciphertext, aad).plaintext();
          var wrapped = wrapLatest(tx, key, plain, aad);
          record(tx, key, "rewrap", wrapped.version());
          return wrapped;
        });
  }

  private RootKey usable(Tx tx, String instanceId, String id, String verb) {
    var key = keys.require(tx, instanceId, id);
    KeyTransitions.requireUsable(key.state(), verb);
    return key;
  }

  private Wrapped wrapLatest(Tx tx, RootKey key, byte[] dataKey, List<String> aad) {
    var latest = Keys.latest(tx, key);
    var ciphertext = crypto.wrap(latest, crypto.unseal(latest), dataKey, aad);
    return new Wrapped(ciphertext, latest, null);
  }

  private Unwrapped unwrap(Tx tx, RootKey key, byte[] ciphertext, List<String> aad) {
    var versions = tx.keys().versions(key.id());
    var versionId = KeyCrypto.versionOf(ciphertext).orElseThrow(KeyCrypto::unprocessable);
    var version =
        versions.stream()
            .filter(v -> v.id().equals(versionId))
            .findFirst()
            .orElseThrow(KeyCrypto::unprocessable);
    var plain = crypto.unwrap(version, crypto.unseal(version), ciphertext, aad);
    var latest = versions.getLast();
    var rewrapped = version.number() == latest.number() ? null : wrapLatest(tx, key, plain, aad);
    return new Unwrapped(plain, version, rewrapped);
  }

  private void record(Tx tx, RootKey key, String verb, KeyVersion version) {
    events.record(
        tx, Change.of(Subject.of(key), verb, 200, "user").with("keyVersion", version.id()));
  }
}
