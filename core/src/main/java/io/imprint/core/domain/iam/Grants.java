package io.imprint.core.domain.iam;

import java.util.HashSet;
import java.util.List;

/**
 * Everything one identity holds: its own policies and its access groups'. The one place that
 * answers "may this caller do that": an action on a target, or which part of a list it may read.
 */
public record Grants(String iamId, List<Policy> policies) {
  public Grants {
    policies = List.copyOf(policies);
  }

  /** Whether some policy grants {@code action} on {@code target}. */
  public boolean allows(String action, AccessTarget target) {
    return policies.stream().anyMatch(policy -> policy.grants(action, target));
  }

  /**
   * Whether a list of {@code resourceType} could show anything for {@code action}: a list is
   * refused only when no policy could cover any of its items.
   */
  public boolean allowsListing(String action, String resourceType) {
    return policies.stream()
        .anyMatch(
            p ->
                p.roles().stream().anyMatch(role -> role.allows(action))
                    && p.resource().reaches(action, resourceType));
  }

  /** The part of a list of {@code resourceType} that {@code action} lets this caller see. */
  public ReadScope readScope(String action, String resourceType) {
    var groups = new HashSet<String>();
    var ids = new HashSet<String>();
    for (var policy : policies) {
      var scope = policy.resource();
      if (policy.roles().stream().noneMatch(role -> role.allows(action))
          || !scope.reaches(action, resourceType)) {
        continue;
      }
      if (scope.resource() != null) {
        if (scope.resourceType() != null || scope.resourceGroupId() == null) {
          ids.add(scope.resource());
        }
      } else if (scope.resourceGroupId() != null) {
        groups.add(scope.resourceGroupId());
      } else {
        return ReadScope.all();
      }
    }
    return ReadScope.of(groups, ids);
  }
}
