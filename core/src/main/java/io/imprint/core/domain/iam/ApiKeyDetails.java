package io.imprint.core.domain.iam;

import java.time.Instant;

/**
 * An API key with what IBM's IAM Identity API shows beside it: its description, who made it and
 * when it last changed. The key's secret is never here; it is shown once, when the key is made.
 */
public record ApiKeyDetails(ApiKey key, String description, String createdBy, Instant modifiedAt) {

  public String id() {
    return key.id();
  }

  /** The same key renamed and described anew at {@code now}; null keeps a value. */
  public ApiKeyDetails withNameAndDescription(String name, String description, Instant now) {
    return new ApiKeyDetails(
        new ApiKey(
            key.id(),
            key.iamId(),
            name == null ? key.name() : name,
            key.lookup(),
            key.secretHash(),
            key.createdAt(),
            key.locked(),
            key.version()),
        description == null ? this.description : description,
        createdBy,
        now);
  }

  /** The same key locked or unlocked at {@code now}. */
  public ApiKeyDetails withLocked(boolean lock, Instant now) {
    return new ApiKeyDetails(
        new ApiKey(
            key.id(),
            key.iamId(),
            key.name(),
            key.lookup(),
            key.secretHash(),
            key.createdAt(),
            lock,
            key.version()),
        description,
        createdBy,
        now);
  }
}
