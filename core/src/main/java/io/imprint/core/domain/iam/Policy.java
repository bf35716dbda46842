package io.imprint.core.domain.iam;

import java.time.Instant;
import java.util.Set;

/**
 * An access policy: its subject holds {@code roles} on what {@code resource} names. IBM's policy
 * body, reduced to what Imprint decides on: one subject (a user or service ID by IAM ID, or an
 * access group) and one resource scope.
 */
public record Policy(
    String id,
    PolicySubject subject,
    Set<Role> roles,
    PolicyResource resource,
    String description,
    Instant createdAt,
    String createdBy,
    long version) {
  public Policy {
    roles = Set.copyOf(roles);
  }

  /** Whether this policy grants {@code action} on {@code target}. */
  public boolean grants(String action, AccessTarget target) {
    return roles.stream().anyMatch(role -> role.allows(action)) && resource.covers(action, target);
  }
}
