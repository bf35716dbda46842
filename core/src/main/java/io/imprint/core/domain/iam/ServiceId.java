package io.imprint.core.domain.iam;

import java.time.Instant;

/**
 * A service ID: an identity of the account for an application rather than a person, as IBM's IAM
 * Identity API shows it. Its id is {@code ServiceId-<uuid>} and its IAM ID that id behind {@code
 * iam-}, as IBM spells both, so either names the other. A locked service ID cannot be changed or
 * deleted until it is unlocked (IBM's rule; it guards against accidents, not attackers).
 */
public record ServiceId(
    Identity identity, String description, Instant modifiedAt, boolean locked, long version) {
  private static final String IAM_PREFIX = "iam-";

  /** The IAM ID of the service ID {@code id}: {@code iam-ServiceId-…}. */
  public static String iamIdOf(String id) {
    return IAM_PREFIX + id;
  }

  public String id() {
    return identity.iamId().substring(IAM_PREFIX.length());
  }

  public String iamId() {
    return identity.iamId();
  }

  public String name() {
    return identity.name();
  }

  /** The same service ID renamed and described anew at {@code now}; null keeps a value. */
  public ServiceId withNameAndDescription(String name, String description, Instant now) {
    var renamed =
        name == null
            ? identity
            : new Identity(
                identity.iamId(),
                identity.kind(),
                name,
                identity.accountId(),
                identity.createdAt(),
                identity.version());
    return new ServiceId(
        renamed, description == null ? this.description : description, now, locked, version);
  }

  /** The same service ID locked or unlocked at {@code now}. */
  public ServiceId withLocked(boolean lock, Instant now) {
    return new ServiceId(identity, description, now, lock, version);
  }
}
