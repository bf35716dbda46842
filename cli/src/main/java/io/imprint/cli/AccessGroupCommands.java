package io.imprint.cli;

import com.google.gson.JsonObject;
import io.imprint.client.ApiError;
import io.imprint.client.IamClient.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imprint iam access-group*}: access groups and their members, as {@code ibmcloud iam}. */
final class AccessGroupCommands {
  private AccessGroupCommands() {}

  @Command(name = "access-groups", description = "List the account's access groups.")
  static final class AccessGroups implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    AccessGroups(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Getting access groups at " + session.url() + "...");
      var groups = new IamLookup(session).iam().listAccessGroups();
      if (session.printedWithoutTable(output, groups, "access groups")) {
        return 0;
      }
      var table = new Table("Name", "ID", "Description");
      groups.forEach(
          g -> table.row(Json.text(g, "name"), Json.text(g, "id"), Json.text(g, "description")));
      session.print(table);
      return 0;
    }
  }

  @Command(name = "access-group", description = "View an access group (by name or ID).")
  static final class AccessGroupShow implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String group;

    AccessGroupShow(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Getting access group " + group + " at " + session.url() + "...");
      show(session, output, new IamLookup(session).accessGroup(group));
      return 0;
    }
  }

  @Command(name = "access-group-create", description = "Create an access group.")
  static final class AccessGroupCreate implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String name;

    @Option(
        names = {"-d", "--description"},
        paramLabel = "DESCRIPTION")
    String description;

    AccessGroupCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Creating access group " + name + " at " + session.url() + "...");
      show(session, output, new IamLookup(session).iam().createAccessGroup(name, description));
      return 0;
    }
  }

  @Command(name = "access-group-delete", description = "Delete an access group.")
  static final class AccessGroupDelete implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String group;

    @Option(
        names = {"-f", "--force"},
        description = "Delete without confirmation.")
    boolean force;

    @Option(
        names = {"-r", "--recursive"},
        description =
            "Delete the group with its members (a group with members is kept without it).")
    boolean recursive;

    AccessGroupDelete(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var found = lookup.accessGroup(group);
      Confirm.deletion(session, spec, force, "access group", List.of(found));
      try {
        lookup.iam().deleteAccessGroup(Json.text(found, "id"), recursive);
      } catch (ApiError e) {
        if (e.status() == 409 && !recursive) {
          throw new ApiRefusal(
              e,
              "the group has members: remove them, or delete it with them with"
                  + " 'iam access-group-delete "
                  + group
                  + " -r'.");
        }
        throw e;
      }
      session.print("Access group " + Json.text(found, "name") + " is deleted.\n");
      return 0;
    }
  }

  @Command(name = "access-group-users", description = "List the users in an access group.")
  static final class AccessGroupUsers implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String group;

    AccessGroupUsers(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      listMembers(session, output, group, "user", "users");
      return 0;
    }
  }

  @Command(
      name = "access-group-service-ids",
      description = "List the service IDs in an access group.")
  static final class AccessGroupServiceIds implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String group;

    AccessGroupServiceIds(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      listMembers(session, output, group, "service", "service IDs");
      return 0;
    }
  }

  @Command(
      name = "access-group-user-add",
      description = "Add users (by name or IAM ID) to an access group.")
  static final class AccessGroupUserAdd implements Callable<Integer> {
    private final Session session;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String group;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "USER_NAME")
    List<String> users;

    AccessGroupUserAdd(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var members = new ArrayList<JsonObject>();
      for (var user : users) {
        members.add(lookup.user(user));
      }
      add(session, lookup, group, members, "user", "User");
      return 0;
    }
  }

  @Command(
      name = "access-group-service-id-add",
      description = "Add service IDs (by name or UUID) to an access group.")
  static final class AccessGroupServiceIdAdd implements Callable<Integer> {
    private final Session session;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String group;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "SERVICE_ID")
    List<String> serviceIds;

    AccessGroupServiceIdAdd(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var members = new ArrayList<JsonObject>();
      for (var serviceId : serviceIds) {
        members.add(lookup.serviceId(serviceId));
      }
      add(session, lookup, group, members, "service", "Service ID");
      return 0;
    }
  }

  @Command(
      name = "access-group-user-remove",
      description = "Remove a user (by name or IAM ID) from an access group.")
  static final class AccessGroupUserRemove implements Callable<Integer> {
    private final Session session;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String group;

    @Parameters(index = "1", paramLabel = "USER_NAME")
    String user;

    AccessGroupUserRemove(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      remove(session, lookup, group, lookup.user(user), "User");
      return 0;
    }
  }

  @Command(
      name = "access-group-service-id-remove",
      description = "Remove a service ID (by name or UUID) from an access group.")
  static final class AccessGroupServiceIdRemove implements Callable<Integer> {
    private final Session session;

    @Parameters(index = "0", paramLabel = "GROUP_NAME")
    String group;

    @Parameters(index = "1", paramLabel = "SERVICE_ID")
    String serviceId;

    AccessGroupServiceIdRemove(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      remove(session, lookup, group, lookup.serviceId(serviceId), "Service ID");
      return 0;
    }
  }

  private static void show(Session session, Output output, JsonObject group) {
    if (output.json()) {
      session.printJson(group);
      return;
    }
    session.print(
        new Details()
            .add("Name", Json.text(group, "name"))
            .add("ID", Json.text(group, "id"))
            .add("Description", Json.text(group, "description"))
            .add("Created At", Times.show(Json.text(group, "created_at"), session.env.zone())));
  }

  private static void listMembers(
      Session session, Output output, String group, String type, String plural) {
    var lookup = new IamLookup(session);
    var found = lookup.accessGroup(group);
    session.context(
        output,
        "Getting "
            + plural
            + " in access group "
            + Json.text(found, "name")
            + " at "
            + session.url()
            + "...");
    var members =
        lookup.iam().listAccessGroupMembers(Json.text(found, "id")).stream()
            .filter(m -> type.equals(Json.text(m, "type")))
            .toList();
    if (session.printedWithoutTable(output, members, plural)) {
      return;
    }
    var table = new Table("Name", "IAM ID");
    members.forEach(m -> table.row(Json.text(m, "name"), Json.text(m, "iam_id")));
    session.print(table);
  }

  /**
   * Adds every member in one call; the API answers each on its own (IBM's 207), so one refusal is
   * reported, with exit code 1, without undoing the others.
   */
  private static void add(
      Session session,
      IamLookup lookup,
      String group,
      List<JsonObject> identities,
      String type,
      String kind) {
    var found = lookup.accessGroup(group);
    var groupName = Json.text(found, "name");
    var results =
        lookup
            .iam()
            .addAccessGroupMembers(
                Json.text(found, "id"),
                identities.stream().map(i -> new Member(Json.text(i, "iam_id"), type)).toList());
    var refused = new ArrayList<String>();
    for (int i = 0; i < results.size(); i++) {
      var result = results.get(i);
      var name = i < identities.size() ? Json.text(identities.get(i), "name") : null;
      var who = name == null ? Json.text(result, "iam_id") : name;
      var status = Json.text(result, "status_code");
      if ("200".equals(status) || "201".equals(status)) {
        session.print(kind + " " + who + " is added to access group " + groupName + ".\n");
      } else {
        var errors = result.getAsJsonArray("errors");
        var error =
            errors == null || errors.isEmpty() ? new JsonObject() : errors.get(0).getAsJsonObject();
        refused.add(
            kind
                + " "
                + who
                + " was not added: "
                + Json.text(error, "message")
                + " ("
                + Json.text(error, "code")
                + ")");
      }
    }
    if (!refused.isEmpty()) {
      throw new CliFailure(String.join("\n", refused));
    }
  }

  private static void remove(
      Session session, IamLookup lookup, String group, JsonObject identity, String kind) {
    var found = lookup.accessGroup(group);
    lookup.iam().removeAccessGroupMember(Json.text(found, "id"), Json.text(identity, "iam_id"));
    session.print(
        kind
            + " "
            + Json.text(identity, "name")
            + " is removed from access group "
            + Json.text(found, "name")
            + ".\n");
  }
}
