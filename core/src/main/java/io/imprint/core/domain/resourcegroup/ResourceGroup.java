package io.imprint.core.domain.resourcegroup;

import java.time.Instant;

/**
 * A Resource Manager resource group of the configured account; exactly one is the account's
 * default.
 */
public record ResourceGroup(
    String id,
    String name,
    String accountId,
    boolean isDefault,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  public ResourceGroup withName(String newName, Instant now) {
    return new ResourceGroup(id, newName, accountId, isDefault, createdAt, now, version);
  }
}
