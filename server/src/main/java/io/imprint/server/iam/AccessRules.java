package io.imprint.server.iam;

import io.imprint.core.domain.iam.Role;
import io.imprint.server.http.Route;
import io.javalin.http.HandlerType;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * What each route acts on, read from its path once: a resource named by the path ({@code
 * /v1/images/{id}…}, the first path parameter names it), a collection to list or to create in, the
 * account as a whole, or what belongs to no group (regions, profiles, the clock's reading).
 */
final class AccessRules {
  /** An API collection and the resource type policies name. */
  static final Map<String, String> TYPES =
      Map.of(
          "images", "image",
          "volumes", "volume",
          "instances", "instance",
          "vpcs", "vpc",
          "subnets", "subnet",
          "resource_groups", "resource-group");

  /**
   * Paths under a collection that sum its items up rather than name one of them ({@code
   * /imprint/v1/images/status_counts}): read like the collection's list, so narrowed the same way.
   */
  private static final Set<String> SUMMARIES = Set.of("status_counts");

  /**
   * Services whose every action is the account's: managing who may do what, and Key Protect, whose
   * keys belong to no resource group here (an account-wide policy, of service {@code kms} or of
   * none, holds its role on every key).
   */
  private static final Set<String> ACCOUNT_SERVICES =
      Set.of("iam", "iam-identity", "iam-groups", "user-management", "kms");

  enum Kind {
    PUBLIC,
    ANYWHERE,
    ACCOUNT,
    LIST,
    CREATE,
    RESOURCE
  }

  /**
   * A route's rule: its kind, the resource type it lists, creates or names, and the path parameter
   * that names the resource.
   */
  record Rule(Kind kind, String type, String parameter) {}

  private AccessRules() {}

  static Rule of(Route route) {
    if (route.isPublic()) {
      return new Rule(Kind.PUBLIC, null, null);
    }
    var action = route.iamAction();
    if (ACCOUNT_SERVICES.contains(action.substring(0, action.indexOf('.')))
        || isAccountAction(action)) {
      return new Rule(Kind.ACCOUNT, null, null);
    }
    var segments = Arrays.stream(route.path().split("/")).filter(s -> !s.isEmpty()).toList();
    for (int i = 1; i < segments.size(); i++) {
      if (segments.get(i).startsWith("{")) {
        var type = TYPES.get(segments.get(i - 1));
        var parameter = segments.get(i).substring(1, segments.get(i).length() - 1);
        return type == null
            ? new Rule(Kind.ANYWHERE, null, null)
            : new Rule(Kind.RESOURCE, type, parameter);
      }
    }
    var last = segments.getLast();
    if (SUMMARIES.contains(last) && segments.size() > 1 && route.method() == HandlerType.GET) {
      var summarised = TYPES.get(segments.get(segments.size() - 2));
      if (summarised != null) {
        return new Rule(Kind.LIST, summarised, null);
      }
    }
    var type = TYPES.get(last);
    if (type != null && route.method() == HandlerType.GET) {
      return new Rule(Kind.LIST, type, null);
    }
    if (type != null && route.method() == HandlerType.POST) {
      return new Rule(Kind.CREATE, type, null);
    }
    return new Rule(Kind.ANYWHERE, null, null);
  }

  /**
   * Actions only an account-wide role can allow: what the roles keep for the Administrator of the
   * account (the audit trail, the clock, new resource groups). Changing or deleting a group is
   * checked on the group itself, so an Administrator of that group may (see docs/iam.md).
   */
  private static boolean isAccountAction(String action) {
    return Role.isAccountAction(action)
        && !action.equals("resource-controller.group.update")
        && !action.equals("resource-controller.group.delete");
  }
}
