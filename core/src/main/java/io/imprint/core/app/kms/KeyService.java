package io.imprint.core.app.kms;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.kms.KeyState;
import io.imprint.core.domain.kms.KeyTransitions;
import io.imprint.core.domain.kms.KeyVersion;
import io.imprint.core.domain.kms.Registration;
import io.imprint.core.domain.kms.RootKey;
import io.imprint.core.port.KeyWrapper;
import io.imprint.core.port.Store;
import java.util.List;

/**
 * Key Protect's root keys: create, list, read, disable, enable, rotate and delete, each a
 * compare-and-set through {@link KeyTransitions} with its event ({@code kms.secrets.<verb>}) in the
 * same transaction. A rotation adds a version and queues {@link KeyRewrapJob}, which rewraps the
 * stored data keys in the background; nothing is re-encrypted. Wrapping is {@link KeyWrapService};
 * what a key protects is {@link KeyRegistrations}.
 */
public final class KeyService {
  /** A page of keys and how many the instance has. */
  public record KeyPage(List<KeyView> keys, long total) {}

  private static final int NAME_MAX = 90;
  private static final int DESCRIPTION_MAX = 240;

  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;
  private final JobRunner jobs;
  private final KeyCrypto crypto;
  private final Keys keys;
  private final KeyRewrapJob rewrapJob;
  private volatile KeyStateEffects effects = KeyStateEffects.NONE;

  public KeyService(
      Store store, Deployment deployment, EventRecorder events, JobRunner jobs, KeyWrapper master) {
    this.store = store;
    this.deployment = deployment;
    this.events = events;
    this.jobs = jobs;
    this.crypto = new KeyCrypto(master);
    this.keys = new Keys(deployment);
    this.rewrapJob = new KeyRewrapJob(store, crypto, keys, events);
  }

  /**
   * What a disable, enable or delete does to the images and volumes the key protects, in the same
   * transaction; set once at start.
   */
  public void onStateChange(KeyStateEffects stateEffects) {
    this.effects = stateEffects;
  }

  /** The job kind that rewraps data keys after a rotation; registered with the job engine. */
  public KeyRewrapJob rewrapJob() {
    return rewrapJob;
  }

  /** Wrapping and unwrapping under these keys. */
  public KeyWrapService wrapping() {
    return new KeyWrapService(store, events, crypto, keys);
  }

  /** These keys as the disks use them: wrapping data keys and registering what they protect. */
  public DataKeyWrapping customerKeys() {
    return new DataKeyWrapping(crypto, keys, registrations());
  }

  /** What these keys protect. */
  public KeyRegistrations registrations() {
    return new KeyRegistrations(store, deployment, events, keys);
  }

  /**
   * A new root key of {@code instanceId}: generated, or imported from {@code payload} (128, 192 or
   * 256 bits). Its first version is its material, sealed by the master key.
   */
  public KeyView createKey(String instanceId, String name, String description, byte[] payload) {
    requireName(name);
    if (description != null && description.length() > DESCRIPTION_MAX) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "description",
          null,
          "The description is at most " + DESCRIPTION_MAX + " characters.");
    }
    var material = payload == null ? crypto.newKey() : requireMaterial(payload);
    var now = deployment.now();
    var id = deployment.ids().uuid();
    var key =
        new RootKey(
            id,
            instanceId,
            name,
            description,
            KeyState.ACTIVE,
            payload != null,
            new RootKey.Dates(now, Keys.caller(), now, null, null, null),
            0);
    var version = new KeyVersion(id, 1, deployment.ids().uuid(), now, crypto.seal(material));
    return store.write(
        tx -> {
          tx.keys().insert(key);
          tx.keys().insertVersion(version);
          events.record(tx, Change.of(Subject.of(key), "create", 201, "user"));
          return keys.view(tx, key);
        });
  }

  /** The keys of {@code instanceId} that are not destroyed, oldest first. */
  public KeyPage listKeys(String instanceId, long offset, int limit) {
    return store.read(
        tx ->
            new KeyPage(
                tx.keys().list(instanceId, offset, limit).stream()
                    .map(k -> keys.view(tx, k))
                    .toList(),
                tx.keys().count(instanceId)));
  }

  public KeyView getKey(String instanceId, String id) {
    return store.read(tx -> keys.view(tx, keys.require(tx, instanceId, id)));
  }

  public KeyView disableKey(String instanceId, String id) {
    return move(instanceId, id, KeyTransitions.Action.DISABLE, false);
  }

  public KeyView enableKey(String instanceId, String id) {
    return move(instanceId, id, KeyTransitions.Action.ENABLE, false);
  }

  /**
   * Destroys the key: its material is forgotten for good, its metadata stays (state 5). While it
   * protects anything (registrations) only {@code force} deletes it, as Key Protect does.
   */
  public KeyView deleteKey(String instanceId, String id, boolean force) {
    return move(instanceId, id, KeyTransitions.Action.DELETE, force);
  }

  private KeyView move(String instanceId, String id, KeyTransitions.Action action, boolean force) {
    return store.write(
        tx -> {
          var key = keys.require(tx, instanceId, id);
          var next = KeyTransitions.next(key.state(), action);
          if (action == KeyTransitions.Action.DELETE) {
            var count = tx.keys().registrations(id).size();
            if (count > 0 && !force) {
              throw ApiException.conflict(
                  ErrorCode.PROTECTED_RESOURCE,
                  "The key protects "
                      + count
                      + (count == 1 ? " resource" : " resources")
                      + " (GET /api/v2/keys/"
                      + id
                      + "/registrations); delete with force=true to destroy it anyway.");
            }
          }
          var moved = key.moved(next, deployment.now(), Keys.caller());
          if (!tx.keys().update(moved, key.state())) {
            throw ApiException.conflict(
                ErrorCode.KEY_ACTION_INVALID_STATE, "The key changed meanwhile; try again.");
          }
          if (next == KeyState.DESTROYED) {
            tx.keys().destroyMaterial(id);
          }
          var protecting =
              tx.keys().registrations(id).stream().map(Registration::resourceCrn).toList();
          effects.keyMoved(tx, keys.crn(moved), key.state(), next, protecting);
          var change = Change.of(Subject.of(moved), action.verb(), 204, "user");
          events.record(tx, force ? change.with("force", "true") : change);
          return keys.view(tx, moved);
        });
  }

  /**
   * A new version of the key, which wraps from now on; data keys wrapped by older versions still
   * unwrap, and a job rewraps the stored ones under the new version. An imported key rotates to the
   * {@code payload} given (required); a generated one to new random material (a payload is
   * refused).
   */
  public KeyView rotateKey(String instanceId, String id, byte[] payload) {
    var view =
        store.write(
            tx -> {
              var key = keys.require(tx, instanceId, id);
              KeyTransitions.requireUsable(key.state(), "rotate");
              if (key.imported() != (payload != null)) {
                throw ApiException.invalid(
                    ErrorCode.INVALID_VALUE,
                    "payload",
                    null,
                    key.imported()
                        ? "An imported key rotates to new material: send it as payload."
                        : "A generated key rotates to material it generates: send no payload.");
              }
              var material = payload == null ? crypto.newKey() : requireMaterial(payload);
              var now = deployment.now();
              var number = Keys.latest(tx, key).number() + 1;
              var version =
                  new KeyVersion(id, number, deployment.ids().uuid(), now, crypto.seal(material));
              var rotated = key.rotated(now);
              if (!tx.keys().update(rotated, key.state())) {
                throw ApiException.conflict(
                    ErrorCode.KEY_ACTION_INVALID_STATE, "The key changed meanwhile; try again.");
              }
              tx.keys().insertVersion(version);
              jobs.enqueue(
                  tx,
                  KeyRewrapJob.KIND,
                  KeyRewrapJob.resourceOf(version),
                  new KeyRewrapJob.Payload(id, number));
              events.record(
                  tx,
                  Change.of(Subject.of(rotated), "rotate", 204, "user")
                      .with("keyVersion", version.id()));
              return keys.view(tx, rotated);
            });
    jobs.signal();
    return view;
  }

  private static void requireName(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_REQUIRED_FIELD, "name", null, "A key needs a name.");
    }
    if (name.length() < 2 || name.length() > NAME_MAX || !name.strip().equals(name)) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_INVALID_NAME,
          "name",
          name,
          "A key's name is 2 to " + NAME_MAX + " characters, without leading or trailing spaces.");
    }
  }

  /** Imported material: an AES key of 128, 192 or 256 bits, as Key Protect accepts. */
  static byte[] requireMaterial(byte[] payload) {
    if (payload.length != 16 && payload.length != 24 && payload.length != 32) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "payload",
          null,
          "An imported root key is 128, 192 or 256 bits, base64-encoded; this is "
              + payload.length * 8
              + " bits.");
    }
    return payload;
  }
}
