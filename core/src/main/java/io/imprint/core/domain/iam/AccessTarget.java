package io.imprint.core.domain.iam;

/**
 * What a request acts on, as policies see it. {@link Kind#IN_GROUP} is a resource of a resource
 * group (an existing one by id, or a new one being created, id null); {@link Kind#RESOURCE_GROUP} a
 * resource group itself; {@link Kind#ACCOUNT} the account as a whole (its audit trail, its clock);
 * {@link Kind#ANYWHERE} what belongs to no group (regions, profiles, the stock catalog), which any
 * role that allows the action may read wherever the role is held.
 */
public record AccessTarget(
    Kind kind, String resourceType, String resourceId, String resourceGroupId) {
  public enum Kind {
    ANYWHERE,
    ACCOUNT,
    RESOURCE_GROUP,
    IN_GROUP
  }

  public static AccessTarget anywhere() {
    return new AccessTarget(Kind.ANYWHERE, null, null, null);
  }

  public static AccessTarget account() {
    return new AccessTarget(Kind.ACCOUNT, null, null, null);
  }

  public static AccessTarget resourceGroup(String id) {
    return new AccessTarget(Kind.RESOURCE_GROUP, "resource-group", id, id);
  }

  public static AccessTarget resource(String type, String id, String resourceGroupId) {
    return new AccessTarget(Kind.IN_GROUP, type, id, resourceGroupId);
  }

  /** A resource of {@code type} about to be created in {@code resourceGroupId}. */
  public static AccessTarget newResource(String type, String resourceGroupId) {
    return new AccessTarget(Kind.IN_GROUP, type, null, resourceGroupId);
  }
}
