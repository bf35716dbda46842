package io.imprint.core.domain.iam;

import java.time.Instant;

/**
 * An access group of IBM's IAM Access Groups API: a named set of users and service IDs that
 * policies can name at once. Its id is {@code AccessGroupId-<uuid>}, as IBM's; names are unique in
 * the account.
 */
public record AccessGroup(
    String id,
    String name,
    String description,
    String accountId,
    Instant createdAt,
    Instant modifiedAt,
    long version) {

  /** The same group renamed and described anew at {@code now}; null keeps a value. */
  public AccessGroup withNameAndDescription(String name, String description, Instant now) {
    return new AccessGroup(
        id,
        name == null ? this.name : name,
        description == null ? this.description : description,
        accountId,
        createdAt,
        now,
        version);
  }
}
