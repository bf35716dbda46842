package io.imprint.core.app.iam;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.iam.ApiKey;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.domain.iam.Policy;
import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.PolicySubject;
import io.imprint.core.domain.iam.Role;
import io.imprint.core.port.Store;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The account's identities and their API keys: the administrator made at the first start, and the
 * check of a presented key (the token endpoint's first step).
 */
public final class IamService {
  /** The administrator's name, as the first start makes it. */
  public static final String ADMINISTRATOR = "admin";

  private final Store store;
  private final Deployment deployment;
  private final SecureRandom random = new SecureRandom();

  public IamService(Store store, Deployment deployment) {
    this.store = store;
    this.deployment = deployment;
  }

  /**
   * At the first start only: the account's administrator and an API key for it, {@code chosenKey}
   * when given (an operator's, at least 32 characters) or a new random one. Returns the key's text,
   * to be shown once, or nothing when the account already has identities.
   */
  public Optional<String> bootstrap(String chosenKey) {
    var made = chosenKey == null ? ApiKeySecrets.make(random) : ApiKeySecrets.of(chosenKey, random);
    return store.write(
        tx -> {
          if (tx.iam().hasIdentities()) {
            return Optional.empty();
          }
          var now = deployment.now();
          var admin =
              new Identity(
                  "IBMid-" + deployment.ids().uuid().replace("-", "").substring(0, 10),
                  Identity.Kind.USER,
                  ADMINISTRATOR,
                  deployment.accountId(),
                  now,
                  0);
          tx.iam().insertIdentity(admin);
          tx.iam()
              .insertApiKey(
                  new ApiKey(
                      "ApiKey-" + deployment.ids().uuid(),
                      admin.iamId(),
                      "bootstrap",
                      made.lookup(),
                      made.hash(),
                      now,
                      false,
                      0));
          tx.policies().insert(administratorPolicy(admin.iamId(), now));
          return Optional.of(made.plaintext());
        });
  }

  /** The IAM ID of the account's first administrator (the oldest account-wide Administrator). */
  public Optional<String> firstAdministrator() {
    return store.read(
        tx ->
            tx.policies().list(null, null).stream()
                .filter(
                    p ->
                        p.subject().iamId() != null
                            && p.roles().contains(Role.ADMINISTRATOR)
                            && p.resource().isAccountWide())
                .map(p -> p.subject().iamId())
                .findFirst());
  }

  /** The first user's policy: Administrator of the whole account, every service. */
  private Policy administratorPolicy(String iamId, Instant now) {
    return new Policy(
        deployment.ids().uuid(),
        PolicySubject.identity(iamId),
        Set.of(Role.ADMINISTRATOR),
        PolicyResource.account(),
        "the account's first administrator, made at the first start",
        now,
        iamId,
        0);
  }

  /**
   * The identity {@code apikey} belongs to; empty when no such key exists, it is locked, or its
   * identity is gone. Which of these is never said: a caller guessing keys learns nothing.
   */
  public Optional<Identity> authenticate(String apikey) {
    return signIn(apikey).map(SignedIn::identity);
  }

  /** An identity and the API key it proved itself with (a refresh checks the key again). */
  public record SignedIn(Identity identity, String apiKeyId) {}

  /** As {@link #authenticate}, with the key that matched. */
  public Optional<SignedIn> signIn(String apikey) {
    var lookup = ApiKeySecrets.lookup(apikey);
    if (lookup == null) {
      return Optional.empty();
    }
    return store.read(
        tx ->
            tx.iam()
                .findApiKeyByLookup(lookup)
                .filter(key -> !key.locked() && ApiKeySecrets.matches(apikey, key.secretHash()))
                .flatMap(
                    key ->
                        tx.iam().getIdentity(key.iamId()).map(id -> new SignedIn(id, key.id()))));
  }

  /**
   * The identity a refresh token may still speak for: its API key exists and is not locked, and its
   * identity exists. A key deleted or locked since ends every session it opened.
   */
  public Optional<Identity> stillSignedIn(String apiKeyId) {
    return store.read(
        tx ->
            tx.iam()
                .getApiKey(apiKeyId)
                .filter(details -> !details.key().locked())
                .flatMap(details -> tx.iam().getIdentity(details.key().iamId())));
  }
}
