package io.imprint.core.app.kms;

import io.imprint.core.app.common.CallContext;
import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.Crns;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.kms.KeyVersion;
import io.imprint.core.domain.kms.RootKey;
import io.imprint.core.port.Tx;
import java.util.Optional;

/** What the key services share: finding a key in its instance, its CRN, its view. */
final class Keys {
  private final Deployment deployment;

  Keys(Deployment deployment) {
    this.deployment = deployment;
  }

  /** The key {@code id} of instance {@code instanceId}; a key of another instance is not found. */
  RootKey require(Tx tx, String instanceId, String id) {
    return tx.keys()
        .get(id)
        .filter(k -> k.instanceId().equals(instanceId))
        .orElseThrow(() -> ApiException.notFound("key", id));
  }

  /**
   * The key whose CRN is {@code keyCrn}, of any instance; a CRN that names no key of this server is
   * a 400 on {@code field}.
   */
  RootKey byCrn(Tx tx, String keyCrn, String field) {
    var parts = keyCrn == null ? new String[0] : keyCrn.split(":", -1);
    var key =
        parts.length == 10 && parts[4].equals("kms") && parts[8].equals("key")
            ? tx.keys().get(parts[9]).filter(k -> crn(k).equals(keyCrn))
            : Optional.<RootKey>empty();
    return key.orElseThrow(
        () ->
            ApiException.invalid(
                ErrorCode.REFERENCE_NOT_FOUND,
                field,
                keyCrn,
                "No root key of this server has the CRN " + keyCrn + "."));
  }

  String crn(RootKey key) {
    return Crns.key(deployment.region().name(), deployment.accountId(), key.instanceId(), key.id());
  }

  /** The newest version of {@code key}; none once destroyed. */
  static KeyVersion latest(Tx tx, RootKey key) {
    var versions = tx.keys().versions(key.id());
    return versions.isEmpty() ? null : versions.getLast();
  }

  KeyView view(Tx tx, RootKey key) {
    var latest = latest(tx, key);
    var rewrap =
        latest == null || latest.number() == 1
            ? null
            : tx.jobs()
                .findByResource(KeyRewrapJob.KIND.name(), KeyRewrapJob.resourceOf(latest))
                .orElse(null);
    return new KeyView(key, crn(key), latest, rewrap);
  }

  /** The IAM ID of the caller, for {@code createdBy}; null when no one is signed in. */
  static String caller() {
    var context = CallContext.current();
    return context == null || context.caller() == null ? null : context.caller().iamId();
  }
}
