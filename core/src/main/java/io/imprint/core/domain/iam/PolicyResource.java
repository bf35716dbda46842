package io.imprint.core.domain.iam;

/**
 * What a policy covers, by IBM's resource attributes; a null attribute does not narrow. No
 * attribute at all is the whole account. {@code serviceName} is the action's service ({@code is},
 * {@code imprint}, {@code resource-controller}, …); {@code resourceType} the VPC type ({@code
 * image}, {@code volume}, …, or {@code resource-group}); {@code resource} one resource's id.
 */
public record PolicyResource(
    String serviceName, String resourceGroupId, String resourceType, String resource) {

  public static PolicyResource account() {
    return new PolicyResource(null, null, null, null);
  }

  public static PolicyResource resourceGroup(String id) {
    return new PolicyResource(null, id, null, null);
  }

  /** Whether this covers the whole account: no resource group, type or resource narrows it. */
  public boolean isAccountWide() {
    return resourceGroupId == null && resourceType == null && resource == null;
  }

  /** Whether {@code action} on {@code target} is inside this scope. */
  public boolean covers(String action, AccessTarget target) {
    return switch (target.kind()) {
      case ANYWHERE -> true;
      case ACCOUNT -> isAccountWide() && servesAction(action);
      case RESOURCE_GROUP ->
          // the group itself: whoever holds a role on anything in a group may see the group, as the
          // console lists a user's groups; the service of the policy does not matter
          (isAccountWide() && (servesAction(action) || action.endsWith(".retrieve")))
              || target.resourceGroupId().equals(resourceGroupId)
                  && (resourceType == null || resourceType.equals("resource-group"))
                  && resource == null
              || "resource-group".equals(resourceType) && target.resourceGroupId().equals(resource);
      case IN_GROUP ->
          servesAction(action)
              && (resourceGroupId == null || resourceGroupId.equals(target.resourceGroupId()))
              && (resourceType == null || resourceType.equals(target.resourceType()))
              && (resource == null || resource.equals(target.resourceId()));
    };
  }

  /**
   * Whether this scope could cover some resource of {@code resourceType} for {@code action}: the
   * test of a list, which shows what the policy covers and refuses only when nothing could be.
   */
  public boolean reaches(String action, String resourceType) {
    // as in covers: a role on anything in a group shows the group, whatever the policy's service
    return (servesAction(action) || "resource-group".equals(resourceType))
        && (this.resourceType == null || this.resourceType.equals(resourceType));
  }

  private boolean servesAction(String action) {
    return serviceName == null || action.startsWith(serviceName + ".");
  }
}
