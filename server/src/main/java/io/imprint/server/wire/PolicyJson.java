package io.imprint.server.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.app.iam.PolicyService.PolicyPrototype;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.iam.Policy;
import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.PolicySubject;
import io.imprint.core.domain.iam.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IAM Policy Management's policy body ({@code /v1/policies}): {@code subjects} and {@code
 * resources} as lists of name/value attributes, {@code roles} by role CRN. Imprint takes one
 * subject and one resource, as the console writes them.
 */
public final class PolicyJson {
  private static final Set<String> RESOURCE_ATTRIBUTES =
      Set.of("accountId", "serviceName", "resourceGroupId", "resourceType", "resource");

  private final Links links;
  private final String accountId;

  public PolicyJson(Links links, String accountId) {
    this.links = links;
    this.accountId = accountId;
  }

  public ObjectNode render(Policy p) {
    var node = Json.MAPPER.createObjectNode();
    node.put("id", p.id());
    node.put("type", "access");
    Json.putIfSet(node, "description", p.description());
    var subject = p.subject();
    attributes(
        node.putArray("subjects").addObject(),
        subject.iamId() != null
            ? List.of(Map.entry("iam_id", subject.iamId()))
            : List.of(Map.entry("access_group_id", subject.accessGroupId())));
    var roles = node.putArray("roles");
    p.roles().stream()
        .sorted()
        .forEach(
            role ->
                roles
                    .addObject()
                    .put("role_id", role.crn())
                    .put("display_name", role.displayName()));
    var scope = p.resource();
    var attributes = new ArrayList<Map.Entry<String, String>>();
    attributes.add(Map.entry("accountId", accountId));
    addIfSet(attributes, "serviceName", scope.serviceName());
    addIfSet(attributes, "resourceGroupId", scope.resourceGroupId());
    addIfSet(attributes, "resourceType", scope.resourceType());
    addIfSet(attributes, "resource", scope.resource());
    attributes(node.putArray("resources").addObject(), attributes);
    node.put("href", links.href("/v1/policies/" + p.id()));
    node.put("created_at", Dates.format(p.createdAt()));
    node.put("created_by_id", p.createdBy());
    node.put("state", "active");
    return node;
  }

  /** A policy body: exactly one subject attribute, known roles, one resource of this account. */
  public PolicyPrototype parse(JsonBody body) {
    var type = body.string("type");
    if (type != null && !type.equals("access")) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE, "type", type, "Only access policies are served: type access.");
    }
    var subjects = body.objects("subjects");
    if (subjects == null || subjects.size() != 1) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "A policy has exactly one subject.",
          Target.field("subjects"));
    }
    var subjectAttributes = attributes(subjects.getFirst());
    PolicySubject subject;
    if (subjectAttributes.size() == 1 && subjectAttributes.containsKey("iam_id")) {
      subject = PolicySubject.identity(subjectAttributes.get("iam_id"));
    } else if (subjectAttributes.size() == 1 && subjectAttributes.containsKey("access_group_id")) {
      subject = PolicySubject.accessGroup(subjectAttributes.get("access_group_id"));
    } else {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "A policy's subject is one attribute: iam_id or access_group_id.",
          Target.field("subjects[0].attributes"));
    }
    var roleBodies = body.objects("roles");
    if (roleBodies == null || roleBodies.isEmpty()) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "A policy names at least one role.",
          Target.field("roles"));
    }
    var roles = EnumSet.noneOf(Role.class);
    for (var role : roleBodies) {
      var crn = role.requiredString("role_id");
      roles.add(
          Arrays.stream(Role.values())
              .filter(r -> r.crn().equals(crn))
              .findFirst()
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          ErrorCode.INVALID_VALUE,
                          role.path("role_id"),
                          crn,
                          "role_id is one of the platform roles: "
                              + Role.VIEWER.crn()
                              + ", …Operator, …Editor, …Administrator.")));
    }
    var resources = body.objects("resources");
    if (resources == null || resources.size() != 1) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "A policy has exactly one resource.",
          Target.field("resources"));
    }
    var scope = attributes(resources.getFirst());
    for (var name : scope.keySet()) {
      if (!RESOURCE_ATTRIBUTES.contains(name)) {
        throw ApiException.invalid(
            ErrorCode.INVALID_VALUE,
            "resources[0].attributes",
            name,
            "A resource attribute is one of " + RESOURCE_ATTRIBUTES + ".");
      }
    }
    if (!accountId.equals(scope.get("accountId"))) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "resources[0].attributes",
          scope.get("accountId"),
          "The resource's accountId must be this account's, " + accountId + ".");
    }
    return new PolicyPrototype(
        subject,
        roles,
        new PolicyResource(
            scope.get("serviceName"),
            scope.get("resourceGroupId"),
            scope.get("resourceType"),
            scope.get("resource")),
        body.string("description"));
  }

  private static Map<String, String> attributes(JsonBody holder) {
    var list = holder.objects("attributes");
    if (list == null || list.isEmpty()) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          holder.path("attributes") + " needs at least one name/value attribute.",
          Target.field(holder.path("attributes")));
    }
    var out = new HashMap<String, String>();
    for (var attribute : list) {
      var name = attribute.requiredString("name");
      var value = attribute.requiredString("value");
      var operator = attribute.string("operator");
      if (operator != null && !operator.equals("stringEquals")) {
        throw ApiException.invalid(
            ErrorCode.INVALID_VALUE,
            attribute.path("operator"),
            operator,
            "Only the stringEquals operator is served.");
      }
      if (out.put(name, value) != null) {
        throw ApiException.invalid(
            ErrorCode.INVALID_VALUE, attribute.path("name"), name, "An attribute is named once.");
      }
    }
    return out;
  }

  private static void attributes(ObjectNode holder, List<Map.Entry<String, String>> attributes) {
    ArrayNode list = holder.putArray("attributes");
    for (var a : attributes) {
      list.addObject().put("name", a.getKey()).put("value", a.getValue());
    }
  }

  private static void addIfSet(List<Map.Entry<String, String>> list, String name, String value) {
    if (value != null) {
      list.add(Map.entry(name, value));
    }
  }
}
