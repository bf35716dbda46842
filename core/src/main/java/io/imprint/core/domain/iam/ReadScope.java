package io.imprint.core.domain.iam;

import java.util.Set;

/**
 * Which resources of a list its caller may see: all of them, or those in {@code resourceGroupIds}
 * and those named in {@code resourceIds}. A list filtered by it counts only what it shows.
 */
public record ReadScope(boolean everything, Set<String> resourceGroupIds, Set<String> resourceIds) {
  private static final ReadScope ALL = new ReadScope(true, Set.of(), Set.of());

  public ReadScope {
    resourceGroupIds = Set.copyOf(resourceGroupIds);
    resourceIds = Set.copyOf(resourceIds);
  }

  /** No narrowing: an account-wide role, a system task, or a server without authentication. */
  public static ReadScope all() {
    return ALL;
  }

  public static ReadScope of(Set<String> resourceGroupIds, Set<String> resourceIds) {
    return new ReadScope(false, resourceGroupIds, resourceIds);
  }

  /** Whether a resource {@code id} of {@code resourceGroupId} is in this scope. */
  public boolean shows(String resourceGroupId, String id) {
    return everything || resourceIds.contains(id) || resourceGroupIds.contains(resourceGroupId);
  }
}
