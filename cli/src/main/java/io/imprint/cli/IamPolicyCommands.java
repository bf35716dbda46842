package io.imprint.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imprint iam access-group-policy*}, {@code user-policy*} and {@code service-policy*}:
 * access policies in IAM Policy Management's v1 shape, built from {@code ibmcloud iam}'s flags
 * ({@code --roles}, {@code --service-name}, {@code --resource-group-id|--resource-group-name},
 * {@code --resource-type}, {@code --resource}).
 */
final class IamPolicyCommands {
  private static final List<String> ROLES =
      List.of("Viewer", "Operator", "Editor", "Administrator");
  private static final String ROLE_CRN = "crn:v1:bluemix:public:iam::::role:";

  private IamPolicyCommands() {}

  /** Whose policies: the subject attribute a policy names, and how it is described. */
  private record Subject(String attribute, String value, String described) {}

  private static Subject group(IamLookup lookup, String group) {
    var found = lookup.accessGroup(group);
    return new Subject(
        "access_group_id", Json.text(found, "id"), "access group " + Json.text(found, "name"));
  }

  private static Subject user(IamLookup lookup, String user) {
    var found = lookup.user(user);
    return new Subject("iam_id", Json.text(found, "iam_id"), "user " + Json.text(found, "name"));
  }

  private static Subject service(IamLookup lookup, String serviceId) {
    var found = lookup.serviceId(serviceId);
    return new Subject(
        "iam_id", Json.text(found, "iam_id"), "service ID " + Json.text(found, "name"));
  }

  /** The flags that say what a policy grants, and where. */
  static final class Scope {
    @Option(
        names = "--roles",
        required = true,
        split = ",",
        paramLabel = "ROLE_NAME1,ROLE_NAME2",
        description = "Platform roles: Viewer, Operator, Editor, Administrator.")
    List<String> roles;

    @Option(
        names = "--service-name",
        paramLabel = "SERVICE_NAME",
        description = "is for images, instances and volumes; none for every service.")
    String serviceName;

    @Option(names = "--resource-group-id", paramLabel = "RESOURCE_GROUP_ID")
    String resourceGroupId;

    @Option(names = "--resource-group-name", paramLabel = "RESOURCE_GROUP_NAME")
    String resourceGroupName;

    @Option(
        names = "--resource-type",
        paramLabel = "RESOURCE_TYPE",
        description = "image, instance, volume, ...")
    String resourceType;

    @Option(names = "--resource", paramLabel = "RESOURCE", description = "One resource's ID.")
    String resource;

    JsonObject body(Session session, CommandSpec spec, IamLookup lookup, Subject subject) {
      var roleNames = new ArrayList<String>();
      for (var role : roles) {
        var known =
            ROLES.stream().filter(r -> r.equalsIgnoreCase(role.trim())).findFirst().orElse(null);
        if (known == null) {
          throw new ParameterException(
              spec.commandLine(),
              "unknown role " + role + ": the roles are " + String.join(", ", ROLES));
        }
        roleNames.add(known);
      }
      if (resourceGroupId != null && resourceGroupName != null) {
        throw new ParameterException(
            spec.commandLine(), "--resource-group-id and --resource-group-name exclude each other");
      }
      var attributes = new LinkedHashMap<String, String>();
      attributes.put("accountId", lookup.accountId());
      if (serviceName != null) {
        attributes.put("serviceName", serviceName);
      }
      if (resourceGroupId != null || resourceGroupName != null) {
        var group = session.resourceGroup(resourceGroupId, resourceGroupName, false);
        attributes.put("resourceGroupId", Json.text(group, "id"));
      }
      if (resourceType != null) {
        attributes.put("resourceType", resourceType);
      }
      if (resource != null) {
        attributes.put("resource", resource);
      }
      var policy = new JsonObject();
      policy.addProperty("type", "access");
      policy.add("subjects", attributeHolders(Map.of(subject.attribute(), subject.value())));
      var roleList = new JsonArray();
      for (var role : roleNames) {
        var item = new JsonObject();
        item.addProperty("role_id", ROLE_CRN + role);
        roleList.add(item);
      }
      policy.add("roles", roleList);
      policy.add("resources", attributeHolders(attributes));
      return policy;
    }

    private static JsonArray attributeHolders(Map<String, String> attributes) {
      var list = new JsonArray();
      attributes.forEach(
          (name, value) -> {
            var attribute = new JsonObject();
            attribute.addProperty("name", name);
            attribute.addProperty("value", value);
            list.add(attribute);
          });
      var holder = new JsonObject();
      holder.add("attributes", list);
      var holders = new JsonArray();
      holders.add(holder);
      return holders;
    }
  }

  // creating, listing and deleting, whoever the subject
  // -------------------------------------------------------------------

  private static int create(
      Session session, CommandSpec spec, Output output, Scope scope, Subject subject) {
    var lookup = new IamLookup(session);
    var body = scope.body(session, spec, lookup, subject);
    session.context(
        output,
        "Creating policy for "
            + subject.described()
            + " under account "
            + lookup.accountId()
            + " at "
            + session.url()
            + "...");
    var created = lookup.iam().createPolicy(body);
    if (output.json()) {
      session.printJson(created);
      return 0;
    }
    session.print("Policy is created.\n\n");
    session.print(describe(session, created));
    return 0;
  }

  private static int list(Session session, Output output, IamLookup lookup, Subject subject) {
    session.context(
        output, "Getting policies of " + subject.described() + " at " + session.url() + "...");
    var policies =
        subject.attribute().equals("access_group_id")
            ? lookup.iam().listPoliciesOfAccessGroup(subject.value())
            : lookup.iam().listPoliciesOfIdentity(subject.value());
    if (session.printedWithoutTable(output, policies, "policies")) {
      return 0;
    }
    var text = new StringBuilder();
    for (var policy : policies) {
      text.append(describe(session, policy)).append('\n');
    }
    session.print(text);
    return 0;
  }

  private static int delete(
      Session session,
      CommandSpec spec,
      boolean force,
      IamLookup lookup,
      Subject subject,
      String policyId) {
    var policy = lookup.iam().getPolicy(policyId);
    if (!subject.value().equals(subjectValue(policy))) {
      throw new CliFailure(
          "policy "
              + policyId
              + " is not a policy of "
              + subject.described()
              + "; nothing was deleted");
    }
    var named = new JsonObject();
    named.addProperty("name", "policy of " + subject.described());
    named.addProperty("id", policyId);
    Confirm.deletion(session, spec, force, "access policy", List.of(named));
    lookup.iam().deletePolicy(policyId);
    session.print("Policy " + policyId + " of " + subject.described() + " is deleted.\n");
    return 0;
  }

  private static String subjectValue(JsonObject policy) {
    var subjects = policy.getAsJsonArray("subjects");
    if (subjects == null || subjects.isEmpty()) {
      return null;
    }
    var attributes = subjects.get(0).getAsJsonObject().getAsJsonArray("attributes");
    return attributes == null || attributes.isEmpty()
        ? null
        : Json.text(attributes.get(0).getAsJsonObject(), "value");
  }

  /**
   * A policy as {@code ibmcloud iam user-policies} shows one: its ID, its roles, and its resource's
   * attributes beneath (the account left out: it is always this one), the group's name beside its
   * ID.
   */
  private static String describe(Session session, JsonObject policy) {
    var roles = new ArrayList<String>();
    var roleList = policy.getAsJsonArray("roles");
    if (roleList != null) {
      roleList.forEach(
          r -> {
            var name = Json.text(r.getAsJsonObject(), "display_name");
            var crn = Json.text(r.getAsJsonObject(), "role_id");
            roles.add(name != null ? name : crn.substring(crn.lastIndexOf(':') + 1));
          });
    }
    var resource = new Details();
    var resources = policy.getAsJsonArray("resources");
    if (resources != null && !resources.isEmpty()) {
      var attributes = resources.get(0).getAsJsonObject().getAsJsonArray("attributes");
      for (var a : attributes) {
        var name = Json.text(a.getAsJsonObject(), "name");
        var value = Json.text(a.getAsJsonObject(), "value");
        switch (name) {
          case "serviceName" -> resource.add("Service Name", value);
          case "resourceGroupId" -> {
            resource.add("Resource Group ID", value);
            var holder = new JsonObject();
            var ref = new JsonObject();
            ref.addProperty("id", value);
            holder.add("resource_group", ref);
            resource.add("Resource Group Name", session.resourceGroupName(holder));
          }
          case "resourceType" -> resource.add("Resource Type", value);
          case "resource" -> resource.add("Resource", value);
          default -> {
            // accountId: always this account
          }
        }
      }
    }
    var resourceLines = resource.toString().lines().toList();
    return new Details()
        .add("Policy ID:", Json.text(policy, "id"))
        .add("Roles:", String.join(", ", roles))
        .addLines(
            "Resources:",
            resourceLines.isEmpty() ? List.of("every resource of the account") : resourceLines)
        .toString();
  }

  // access groups
  // -------------------------------------------------------------------------------------------------

  @Command(
      name = "access-group-policy-create",
      description = "Give an access group's members roles on a scope.")
  static final class AccessGroupPolicyCreate implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;
    @Mixin Scope scope;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String group;

    AccessGroupPolicyCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      return create(session, spec, output, scope, group(new IamLookup(session), group));
    }
  }

  @Command(name = "access-group-policies", description = "List an access group's policies.")
  static final class AccessGroupPolicies implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String group;

    AccessGroupPolicies(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      return list(session, output, lookup, group(lookup, group));
    }
  }

  @Command(name = "access-group-policy-delete", description = "Delete a policy of an access group.")
  static final class AccessGroupPolicyDelete implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String group;

    @Parameters(index = "1", paramLabel = "POLICY_ID")
    String policyId;

    @Option(
        names = {"-f", "--force"},
        description = "Delete without confirmation.")
    boolean force;

    AccessGroupPolicyDelete(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      return delete(session, spec, force, lookup, group(lookup, group), policyId);
    }
  }

  // users
  // ---------------------------------------------------------------------------------------------------------

  @Command(
      name = "user-policy-create",
      description = "Give a user (by name or IAM ID) roles on a scope.")
  static final class UserPolicyCreate implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;
    @Mixin Scope scope;

    @Parameters(index = "0", paramLabel = "USER_NAME")
    String user;

    UserPolicyCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      return create(session, spec, output, scope, user(new IamLookup(session), user));
    }
  }

  @Command(name = "user-policies", description = "List a user's own policies.")
  static final class UserPolicies implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "USER_NAME")
    String user;

    UserPolicies(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      return list(session, output, lookup, user(lookup, user));
    }
  }

  @Command(name = "user-policy-delete", description = "Delete a policy of a user.")
  static final class UserPolicyDelete implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER_NAME")
    String user;

    @Parameters(index = "1", paramLabel = "POLICY_ID")
    String policyId;

    @Option(
        names = {"-f", "--force"},
        description = "Delete without confirmation.")
    boolean force;

    UserPolicyDelete(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      return delete(session, spec, force, lookup, user(lookup, user), policyId);
    }
  }

  // service IDs
  // ---------------------------------------------------------------------------------------------------

  @Command(
      name = "service-policy-create",
      description = "Give a service ID (by name or UUID) roles on a scope.")
  static final class ServicePolicyCreate implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;
    @Mixin Output output;
    @Mixin Scope scope;

    @Parameters(index = "0", paramLabel = "SERVICE_ID")
    String serviceId;

    ServicePolicyCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      return create(session, spec, output, scope, service(new IamLookup(session), serviceId));
    }
  }

  @Command(name = "service-policies", description = "List a service ID's own policies.")
  static final class ServicePolicies implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "SERVICE_ID")
    String serviceId;

    ServicePolicies(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      return list(session, output, lookup, service(lookup, serviceId));
    }
  }

  @Command(name = "service-policy-delete", description = "Delete a policy of a service ID.")
  static final class ServicePolicyDelete implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVICE_ID")
    String serviceId;

    @Parameters(index = "1", paramLabel = "POLICY_ID")
    String policyId;

    @Option(
        names = {"-f", "--force"},
        description = "Delete without confirmation.")
    boolean force;

    ServicePolicyDelete(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      return delete(session, spec, force, lookup, service(lookup, serviceId), policyId);
    }
  }
}
