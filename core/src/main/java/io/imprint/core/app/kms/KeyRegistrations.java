package io.imprint.core.app.kms;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.ResourceKind;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.kms.KeyTransitions;
import io.imprint.core.domain.kms.Registration;
import io.imprint.core.domain.kms.RootKey;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.util.List;

/**
 * What each root key protects, as Key Protect's registrations: the services that encrypt with a key
 * (images and volumes) register each resource in the transaction that creates it and unregister it
 * in the one that deletes it, so that deleting a key in use needs {@code force}. Each change is an
 * event ({@code kms.registrations.create|delete}) on the key.
 */
public final class KeyRegistrations {
  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;
  private final Keys keys;

  KeyRegistrations(Store store, Deployment deployment, EventRecorder events, Keys keys) {
    this.store = store;
    this.deployment = deployment;
    this.events = events;
    this.keys = keys;
  }

  /**
   * Records in {@code tx} that the key {@code keyCrn} protects {@code resourceCrn}; false when it
   * did already. Only an active key takes new registrations; a CRN that names no key of this server
   * is a 400 on {@code encryption_key}.
   */
  public boolean register(Tx tx, String keyCrn, String resourceCrn) {
    var key = keys.byCrn(tx, keyCrn, "encryption_key.crn");
    KeyTransitions.requireUsable(key.state(), "register");
    var registration = new Registration(key.id(), resourceCrn, deployment.now(), Keys.caller());
    if (!tx.keys().register(registration)) {
      return false;
    }
    record(tx, key, "create", resourceCrn);
    return true;
  }

  /** Forgets in {@code tx} that the key protects {@code resourceCrn}; false when it did not. */
  public boolean unregister(Tx tx, String keyCrn, String resourceCrn) {
    var key = keys.byCrn(tx, keyCrn, "encryption_key.crn");
    if (!tx.keys().unregister(key.id(), resourceCrn)) {
      return false;
    }
    record(tx, key, "delete", resourceCrn);
    return true;
  }

  /** The registrations of key {@code id} of {@code instanceId}, by resource CRN. */
  public List<Registration> listRegistrations(String instanceId, String id) {
    return store.read(
        tx -> {
          keys.require(tx, instanceId, id);
          return tx.keys().registrations(id);
        });
  }

  private void record(Tx tx, RootKey key, String verb, String resourceCrn) {
    events.record(
        tx,
        Change.ofAction(
                ResourceKind.KEY.action("registrations", verb), Subject.of(key), 200, "user")
            .with("resourceCrn", resourceCrn));
  }
}
