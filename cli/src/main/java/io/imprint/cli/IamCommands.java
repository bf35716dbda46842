package io.imprint.cli;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imprint iam}: service IDs, API keys and users with the verbs, flags and columns of {@code
 * ibmcloud iam}. Access groups are in {@link AccessGroupCommands}, policies in {@link
 * IamPolicyCommands}.
 */
@Command(
    name = "iam",
    mixinStandardHelpOptions = true,
    description =
        "Service IDs, API keys, access groups, users and access policies, as `ibmcloud iam`.",
    subcommands = {
      IamCommands.ServiceIds.class,
      IamCommands.ServiceIdShow.class,
      IamCommands.ServiceIdCreate.class,
      IamCommands.ServiceIdDelete.class,
      IamCommands.ServiceIdLock.class,
      IamCommands.ServiceIdUnlock.class,
      IamCommands.ServiceApiKeys.class,
      IamCommands.ServiceApiKeyCreate.class,
      IamCommands.ServiceApiKeyDelete.class,
      IamCommands.ServiceApiKeyLock.class,
      IamCommands.ServiceApiKeyUnlock.class,
      IamCommands.ApiKeys.class,
      IamCommands.ApiKeyCreate.class,
      IamCommands.ApiKeyDelete.class,
      IamCommands.Users.class,
      IamCommands.UserCreate.class,
      IamCommands.UserApiKeyCreate.class,
      AccessGroupCommands.AccessGroups.class,
      AccessGroupCommands.AccessGroupShow.class,
      AccessGroupCommands.AccessGroupCreate.class,
      AccessGroupCommands.AccessGroupDelete.class,
      AccessGroupCommands.AccessGroupUsers.class,
      AccessGroupCommands.AccessGroupUserAdd.class,
      AccessGroupCommands.AccessGroupUserRemove.class,
      AccessGroupCommands.AccessGroupServiceIds.class,
      AccessGroupCommands.AccessGroupServiceIdAdd.class,
      AccessGroupCommands.AccessGroupServiceIdRemove.class,
      IamPolicyCommands.AccessGroupPolicies.class,
      IamPolicyCommands.AccessGroupPolicyCreate.class,
      IamPolicyCommands.AccessGroupPolicyDelete.class,
      IamPolicyCommands.UserPolicies.class,
      IamPolicyCommands.UserPolicyCreate.class,
      IamPolicyCommands.UserPolicyDelete.class,
      IamPolicyCommands.ServicePolicies.class,
      IamPolicyCommands.ServicePolicyCreate.class,
      IamPolicyCommands.ServicePolicyDelete.class
    })
final class IamCommands implements Runnable {
  private final Session session;
  @Spec CommandSpec spec;

  IamCommands(Session session) {
    this.session = session;
  }

  /** {@code imprint iam} alone lists its commands, as {@code ibmcloud iam} does. */
  @Override
  public void run() {
    spec.commandLine().usage(session.env.out());
  }

  // service IDs
  // ---------------------------------------------------------------------------------------------------

  @Command(name = "service-ids", description = "List the account's service IDs.")
  static final class ServiceIds implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    ServiceIds(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Getting all service IDs at " + session.url() + "...");
      var ids = new IamLookup(session).iam().listServiceIds(null);
      if (session.printedWithoutTable(output, ids, "service IDs")) {
        return 0;
      }
      var table = new Table("UUID", "Name", "Created At", "Last Updated", "Description", "Locked");
      for (var s : ids) {
        table.row(
            Json.text(s, "id"),
            Json.text(s, "name"),
            Times.show(Json.text(s, "created_at"), session.env.zone()),
            Times.show(Json.text(s, "modified_at"), session.env.zone()),
            Json.text(s, "description"),
            Json.text(s, "locked"));
      }
      session.print(table);
      return 0;
    }
  }

  @Command(name = "service-id", description = "View a service ID (by name or UUID).")
  static final class ServiceIdShow implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "NAME|UUID")
    String serviceId;

    ServiceIdShow(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Getting service ID " + serviceId + " at " + session.url() + "...");
      showServiceId(session, output, new IamLookup(session).serviceId(serviceId));
      return 0;
    }
  }

  @Command(name = "service-id-create", description = "Create a service ID.")
  static final class ServiceIdCreate implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = {"-d", "--description"},
        paramLabel = "DESCRIPTION")
    String description;

    ServiceIdCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var account = lookup.accountId();
      session.context(
          output,
          "Creating service ID "
              + name
              + " under account "
              + account
              + " at "
              + session.url()
              + "...");
      showServiceId(session, output, lookup.iam().createServiceId(account, name, description));
      return 0;
    }
  }

  @Command(name = "service-id-delete", description = "Delete a service ID and its API keys.")
  static final class ServiceIdDelete implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME|UUID")
    String serviceId;

    @Option(
        names = {"-f", "--force"},
        description = "Delete without confirmation.")
    boolean force;

    ServiceIdDelete(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var found = lookup.serviceId(serviceId);
      Confirm.deletion(session, spec, force, "service ID", List.of(found));
      lookup.iam().deleteServiceId(Json.text(found, "id"));
      session.print("Service ID " + Json.text(found, "name") + " is deleted.\n");
      return 0;
    }
  }

  @Command(
      name = "service-id-lock",
      description = "Lock a service ID: it can be neither changed nor deleted.")
  static final class ServiceIdLock implements Callable<Integer> {
    private final Session session;

    @Parameters(index = "0", paramLabel = "NAME|UUID")
    String serviceId;

    @Option(
        names = {"-f", "--force"},
        description = "Lock without confirmation.")
    boolean force;

    ServiceIdLock(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var found = lookup.serviceId(serviceId);
      Confirm.reversible(session, force, "lock service ID ", found);
      lookup.iam().lockServiceId(Json.text(found, "id"));
      session.print("Service ID " + Json.text(found, "name") + " is locked.\n");
      return 0;
    }
  }

  @Command(name = "service-id-unlock", description = "Unlock a service ID.")
  static final class ServiceIdUnlock implements Callable<Integer> {
    private final Session session;

    @Parameters(index = "0", paramLabel = "NAME|UUID")
    String serviceId;

    @Option(
        names = {"-f", "--force"},
        description = "Unlock without confirmation.")
    boolean force;

    ServiceIdUnlock(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var found = lookup.serviceId(serviceId);
      Confirm.reversible(session, force, "unlock service ID ", found);
      lookup.iam().unlockServiceId(Json.text(found, "id"));
      session.print("Service ID " + Json.text(found, "name") + " is unlocked.\n");
      return 0;
    }
  }

  static void showServiceId(Session session, Output output, JsonObject s) {
    if (output.json()) {
      session.printJson(s);
      return;
    }
    session.print(
        new Details()
            .add("ID", Json.text(s, "id"))
            .add("Name", Json.text(s, "name"))
            .add("Description", Json.text(s, "description"))
            .add("CRN", Json.text(s, "crn"))
            .add("IAM ID", Json.text(s, "iam_id"))
            .add("Version", Json.text(s, "entity_tag"))
            .add("Locked", Json.text(s, "locked"))
            .add("Created At", Times.show(Json.text(s, "created_at"), session.env.zone())));
  }

  // service IDs' API keys
  // -----------------------------------------------------------------------------------------

  @Command(name = "service-api-keys", description = "List the API keys of a service ID.")
  static final class ServiceApiKeys implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "SERVICE_ID")
    String serviceId;

    ServiceApiKeys(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var found = lookup.serviceId(serviceId);
      session.context(
          output,
          "Getting all API keys of service ID "
              + Json.text(found, "name")
              + " at "
              + session.url()
              + "...");
      listKeys(session, output, lookup.iam().listApiKeys(Json.text(found, "iam_id")));
      return 0;
    }
  }

  @Command(
      name = "service-api-key-create",
      description = "Create an API key for a service ID; its secret is shown this once.")
  static final class ServiceApiKeyCreate implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;
    @Mixin KeyOptions key;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "SERVICE_ID")
    String serviceId;

    ServiceApiKeyCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var found = lookup.serviceId(serviceId);
      createKey(
          session,
          output,
          key,
          lookup,
          name,
          "service ID " + Json.text(found, "name"),
          Json.text(found, "iam_id"),
          Json.text(found, "crn"));
      return 0;
    }
  }

  @Command(name = "service-api-key-delete", description = "Delete an API key of a service ID.")
  static final class ServiceApiKeyDelete implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APIKEY_NAME|APIKEY_ID")
    String apikey;

    @Parameters(index = "1", paramLabel = "SERVICE_ID")
    String serviceId;

    @Option(
        names = {"-f", "--force"},
        description = "Delete without confirmation.")
    boolean force;

    ServiceApiKeyDelete(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var found = serviceKey(lookup, apikey, serviceId);
      Confirm.deletion(session, spec, force, "API key", List.of(found));
      lookup.iam().deleteApiKey(Json.text(found, "id"));
      session.print("API key " + Json.text(found, "name") + " is deleted.\n");
      return 0;
    }
  }

  @Command(
      name = "service-api-key-lock",
      description = "Lock an API key of a service ID: it gets no token, and cannot be deleted.")
  static final class ServiceApiKeyLock implements Callable<Integer> {
    private final Session session;

    @Parameters(index = "0", paramLabel = "APIKEY_NAME|APIKEY_ID")
    String apikey;

    @Parameters(index = "1", paramLabel = "SERVICE_ID")
    String serviceId;

    @Option(
        names = {"-f", "--force"},
        description = "Lock without confirmation.")
    boolean force;

    ServiceApiKeyLock(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var found = serviceKey(lookup, apikey, serviceId);
      Confirm.reversible(session, force, "lock API key ", found);
      lookup.iam().lockApiKey(Json.text(found, "id"));
      session.print("API key " + Json.text(found, "name") + " is locked.\n");
      return 0;
    }
  }

  @Command(name = "service-api-key-unlock", description = "Unlock an API key of a service ID.")
  static final class ServiceApiKeyUnlock implements Callable<Integer> {
    private final Session session;

    @Parameters(index = "0", paramLabel = "APIKEY_NAME|APIKEY_ID")
    String apikey;

    @Parameters(index = "1", paramLabel = "SERVICE_ID")
    String serviceId;

    @Option(
        names = {"-f", "--force"},
        description = "Unlock without confirmation.")
    boolean force;

    ServiceApiKeyUnlock(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var found = serviceKey(lookup, apikey, serviceId);
      Confirm.reversible(session, force, "unlock API key ", found);
      lookup.iam().unlockApiKey(Json.text(found, "id"));
      session.print("API key " + Json.text(found, "name") + " is unlocked.\n");
      return 0;
    }
  }

  private static JsonObject serviceKey(IamLookup lookup, String apikey, String serviceId) {
    var owner = lookup.serviceId(serviceId);
    return lookup.apiKey(
        apikey, Json.text(owner, "iam_id"), "service ID " + Json.text(owner, "name"));
  }

  // the caller's own API keys
  // -------------------------------------------------------------------------------------

  @Command(name = "api-keys", description = "List the API keys of the identity logged in.")
  static final class ApiKeys implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    ApiKeys(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var me = lookup.callerIamId();
      session.context(output, "Getting all API keys of " + me + " at " + session.url() + "...");
      listKeys(session, output, lookup.iam().listApiKeys(me));
      return 0;
    }
  }

  @Command(
      name = "api-key-create",
      description =
          "Create an API key for the identity logged in; its secret is shown this once. Making an"
              + " API key is the Administrator's.")
  static final class ApiKeyCreate implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;
    @Mixin KeyOptions key;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    ApiKeyCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var me = lookup.callerIamId();
      createKey(session, output, key, lookup, name, me, me, me);
      return 0;
    }
  }

  @Command(name = "api-key-delete", description = "Delete an API key of the identity logged in.")
  static final class ApiKeyDelete implements Callable<Integer> {
    private final Session session;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME|ID")
    String apikey;

    @Option(
        names = {"-f", "--force"},
        description = "Delete without confirmation.")
    boolean force;

    ApiKeyDelete(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var me = lookup.callerIamId();
      var found = lookup.apiKey(apikey, me, me);
      Confirm.deletion(session, spec, force, "API key", List.of(found));
      lookup.iam().deleteApiKey(Json.text(found, "id"));
      session.print("API key " + Json.text(found, "name") + " is deleted.\n");
      return 0;
    }
  }

  // users (Imprint's extension)
  // ---------------------------------------------------------------------------------------

  @Command(
      name = "users",
      description =
          "List the account's users. An Imprint extension: IBM Cloud invites users by e-mail"
              + " (`ibmcloud account users`).")
  static final class Users implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    Users(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Getting users at " + session.url() + "...");
      var users = new IamLookup(session).iam().listUsers();
      if (session.printedWithoutTable(output, users, "users")) {
        return 0;
      }
      var table = new Table("Name", "IAM ID", "Created At");
      for (var u : users) {
        table.row(
            Json.text(u, "name"),
            Json.text(u, "iam_id"),
            Times.show(Json.text(u, "created_at"), session.env.zone()));
      }
      session.print(table);
      return 0;
    }
  }

  @Command(
      name = "user-create",
      description =
          "Create a user by name. An Imprint extension: IBM Cloud invites users by e-mail"
              + " (`ibmcloud account user-invite`), which needs an IBMid a self-hosted server"
              + " does not have. Give the user a key with `iam user-api-key-create`.")
  static final class UserCreate implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    UserCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      session.context(output, "Creating user " + name + " at " + session.url() + "...");
      var user = new IamLookup(session).iam().createUser(name);
      if (output.json()) {
        session.printJson(user);
        return 0;
      }
      session.print(
          new Details()
              .add("Name", Json.text(user, "name"))
              .add("IAM ID", Json.text(user, "iam_id"))
              .add("Account", Json.text(user, "account_id"))
              .add("Created At", Times.show(Json.text(user, "created_at"), session.env.zone())));
      return 0;
    }
  }

  @Command(
      name = "user-api-key-create",
      description =
          "Create an API key for a user (by name or IAM ID); its secret is shown this once. An"
              + " Imprint extension: on IBM Cloud users make their own keys after accepting an"
              + " invitation; here the administrator hands the first one over.")
  static final class UserApiKeyCreate implements Callable<Integer> {
    private final Session session;
    @Mixin Output output;
    @Mixin KeyOptions key;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "USER")
    String user;

    UserApiKeyCreate(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      var lookup = new IamLookup(session);
      var found = lookup.user(user);
      var iamId = Json.text(found, "iam_id");
      createKey(
          session, output, key, lookup, name, "user " + Json.text(found, "name"), iamId, iamId);
      return 0;
    }
  }

  /** {@code -d} and {@code --file}, as {@code api-key-create} and its siblings take them. */
  static final class KeyOptions {
    @Option(
        names = {"-d", "--description"},
        paramLabel = "DESCRIPTION")
    String description;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description =
            "Save the API key (the create answer, secret included) to FILE, readable by its owner"
                + " only; `imprint login --apikey @FILE` reads it.")
    Path file;
  }

  /**
   * Makes the key, saves it when asked, then shows it once with IBM's warning. The file is checked
   * before the key is made, so that a key is not made only to be lost.
   */
  private static void createKey(
      Session session,
      Output output,
      KeyOptions options,
      IamLookup lookup,
      String name,
      String owner,
      String iamId,
      String boundTo) {
    if (options.file != null && Files.exists(options.file)) {
      throw new CliFailure(options.file + " exists already: choose another --file");
    }
    var account = lookup.accountId();
    session.context(
        output,
        "Creating API key "
            + name
            + " of "
            + owner
            + " under account "
            + account
            + " at "
            + session.url()
            + "...");
    var created = lookup.iam().createApiKey(account, iamId, name, options.description);
    CliFailure notSaved = null;
    if (options.file != null) {
      try {
        IamLookup.saveKey(created, options.file);
      } catch (CliFailure e) {
        notSaved = e;
      }
    }
    var warning = "Please preserve the API key! It cannot be retrieved after it's created.";
    if (output.json()) {
      // stdout stays one JSON document for scripts
      session.env.err().println(warning);
      session.printJson(created);
    } else {
      if (options.file != null && notSaved == null) {
        session.print("Successfully saved API key information to " + options.file + "\n");
      }
      session.print(warning + "\n\n");
      session.print(
          new Details()
              .add("ID", Json.text(created, "id"))
              .add("Name", Json.text(created, "name"))
              .add("Description", Json.text(created, "description"))
              .add("Bound To", boundTo)
              .add("Created At", Times.show(Json.text(created, "created_at"), session.env.zone()))
              .add("API Key", Json.text(created, "apikey"))
              .add("Locked", Json.text(created, "locked")));
    }
    if (notSaved != null) {
      throw notSaved;
    }
  }

  private static void listKeys(Session session, Output output, List<JsonObject> keys) {
    if (session.printedWithoutTable(output, keys, "API keys")) {
      return;
    }
    var table = new Table("ID", "Name", "Description", "Created At", "Locked");
    for (var k : keys) {
      table.row(
          Json.text(k, "id"),
          Json.text(k, "name"),
          Json.text(k, "description"),
          Times.show(Json.text(k, "created_at"), session.env.zone()),
          Json.text(k, "locked"));
    }
    session.print(table);
  }
}
