package io.imprint.core.app.iam;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.ResourceKind;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.iam.ApiKey;
import io.imprint.core.domain.iam.ApiKeyDetails;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.security.SecureRandom;

/**
 * API keys as IBM's IAM Identity API manages them ({@code /v1/apikeys}), for users and service IDs
 * alike. A new key's secret is in the create answer only: what is kept is {@link ApiKeySecrets}'
 * slow salted hash. A locked key gets no token ({@link IamService#authenticate}) and is neither
 * changed nor deleted until unlocked, as IBM rules.
 *
 * <p>Activity Tracker names a key's events after its owner, as IBM does: {@code
 * iam-identity.user-apikey.create} for a user's key, {@code iam-identity.serviceid-apikey.create}
 * for a service ID's.
 */
public final class ApiKeyService {
  /** A new key and its secret, shown this once. */
  public record Created(ApiKeyDetails details, String apikey) {}

  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;
  private final SecureRandom random = new SecureRandom();

  public ApiKeyService(Store store, Deployment deployment, EventRecorder events) {
    this.store = store;
    this.deployment = deployment;
    this.events = events;
  }

  /**
   * A new API key for the identity {@code iamId}.
   *
   * @param createdBy the IAM ID of the caller, or null without IAM (auth: none)
   */
  public Created createApiKey(
      String name, String iamId, String description, boolean locked, String createdBy) {
    IamChecks.requireName("name", name);
    IamChecks.optionalDescription(description);
    if (iamId == null) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "iam_id",
          null,
          "iam_id is required: the IAM ID of the user or service ID the key authenticates.");
    }
    // the slow hash runs before the write transaction, not inside it
    var made = ApiKeySecrets.make(random);
    var now = deployment.now();
    var details =
        new ApiKeyDetails(
            new ApiKey(
                "ApiKey-" + deployment.ids().uuid(),
                iamId,
                name,
                made.lookup(),
                made.hash(),
                now,
                locked,
                0),
            description,
            createdBy,
            now);
    return store.write(
        tx -> {
          var owner =
              tx.iam()
                  .getIdentity(iamId)
                  .orElseThrow(() -> ApiException.referenceNotFound("Identity", "iam_id", iamId));
          tx.iam().insertApiKeyDetails(details);
          events.record(tx, change(owner.kind(), details, "create", 201));
          return new Created(details, made.plaintext());
        });
  }

  /** The keys of {@code iamId}, or of every identity of the account when it is null. */
  public OffsetPage<ApiKeyDetails> listApiKeys(String iamId, long offset, int limit) {
    return store.read(
        tx -> new OffsetPage<>(tx.iam().listApiKeys(iamId, offset, limit), offset, limit, -1));
  }

  public ApiKeyDetails getApiKey(String id) {
    return store.read(tx -> require(tx, id));
  }

  /**
   * Renames or describes the key; null keeps a value, an empty description clears it.
   *
   * @param ifMatch the entity tag the caller read, or null for any
   */
  public ApiKeyDetails updateApiKey(String id, Long ifMatch, String name, String description) {
    IamChecks.optionalName("name", name);
    IamChecks.optionalDescription(description);
    return store.write(
        tx -> {
          var current = require(tx, id);
          IamChecks.requireVersion(ifMatch, current.key().version());
          IamChecks.requireUnlocked(current.key().locked(), "API key", id);
          var updated = current.withNameAndDescription(name, description, deployment.now());
          write(tx, updated);
          events.record(tx, change(ownerKind(tx, current), updated, "update", 200));
          return require(tx, id);
        });
  }

  public void deleteApiKey(String id) {
    store.write(
        tx -> {
          var current = require(tx, id);
          IamChecks.requireUnlocked(current.key().locked(), "API key", id);
          if (!tx.iam().deleteApiKey(id, current.key().version())) {
            throw IamChecks.changedMeanwhile("API key");
          }
          events.record(tx, change(ownerKind(tx, current), current, "delete", 204));
          return null;
        });
  }

  public void lockApiKey(String id) {
    setLocked(id, true);
  }

  public void unlockApiKey(String id) {
    setLocked(id, false);
  }

  private void setLocked(String id, boolean lock) {
    store.write(
        tx -> {
          var current = require(tx, id);
          if (current.key().locked() == lock) {
            return null;
          }
          var updated = current.withLocked(lock, deployment.now());
          write(tx, updated);
          events.record(tx, change(ownerKind(tx, current), updated, lock ? "lock" : "unlock", 204));
          return null;
        });
  }

  private static void write(Tx tx, ApiKeyDetails updated) {
    if (!tx.iam().updateApiKey(updated)) {
      throw IamChecks.changedMeanwhile("API key");
    }
  }

  private static Identity.Kind ownerKind(Tx tx, ApiKeyDetails key) {
    return tx.iam().getIdentity(key.key().iamId()).map(Identity::kind).orElse(Identity.Kind.USER);
  }

  private static Change change(Identity.Kind owner, ApiKeyDetails key, String verb, int status) {
    var type = owner == Identity.Kind.SERVICE_ID ? "serviceid-apikey" : "user-apikey";
    return Change.ofAction(ResourceKind.API_KEY.action(type, verb), Subject.of(key), status, "user")
        .with("iamId", key.key().iamId());
  }

  private static ApiKeyDetails require(Tx tx, String id) {
    return tx.iam().getApiKey(id).orElseThrow(() -> ApiException.notFound("API key", id));
  }
}
