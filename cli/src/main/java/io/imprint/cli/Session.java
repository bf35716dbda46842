package io.imprint.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.imprint.client.ApiError;
import io.imprint.client.ImprintClient;
import io.imprint.client.ServerUnreachable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One CLI invocation's view of the world: the environment, the stored config, and a client for the
 * server.
 */
final class Session {
  private static final Gson PRETTY =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();
  private static final Pattern REGIONAL_ID =
      Pattern.compile("r\\d{3}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern ZONAL_ID =
      Pattern.compile("\\d{4}[-_][0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  final Env env;
  private CliConfig config;
  private ImprintClient client;

  Session(Env env) {
    this.env = env;
  }

  CliConfig config() {
    if (config == null) {
      config = CliConfig.load(env);
    }
    return config;
  }

  /** {@code IMPRINT_URL} first, then what {@code imprint login} stored. */
  String url() {
    var url = env.variable("IMPRINT_URL");
    if (url == null) {
      url = config().get("url");
    }
    if (url == null) {
      throw new CliFailure(
          "no Imprint endpoint: run `imprint login --url URL` first, or set IMPRINT_URL");
    }
    return url;
  }

  /**
   * An API key and where it came from: {@code source} is the environment variable that held it,
   * {@link #GIVEN} for {@code login --apikey}'s, or {@code null} for the key that login saved.
   */
  record Apikey(String value, String source) {
    static final String GIVEN = "--apikey";

    /** "the API key from IMPRINT_APIKEY", "the API key saved by imprint login", …. */
    String described() {
      if (source == null) {
        return "the API key saved by imprint login";
      }
      return source.equals(GIVEN)
          ? "the API key given with --apikey"
          : "the API key from " + source;
    }
  }

  /**
   * {@code IMPRINT_APIKEY} first, then {@code IBMCLOUD_API_KEY} (what IBM's CLI and SDKs read),
   * then what {@code imprint login --apikey} stored; {@code null} when none. Imprint's own variable
   * wins so that a shell set up for IBM Cloud can still be pointed at Imprint.
   */
  Apikey apikey() {
    for (var name : List.of("IMPRINT_APIKEY", "IBMCLOUD_API_KEY")) {
      var key = env.variable(name);
      if (key != null) {
        return new Apikey(key, name);
      }
    }
    var stored = config().get("apikey");
    return stored == null ? null : new Apikey(stored, null);
  }

  /**
   * A client for the server at {@code url}: with {@code apikey}, every request carries a Bearer
   * token that sdk-core gets from the server's token endpoint and renews by itself.
   */
  ImprintClient client(String url, Apikey apikey) {
    try {
      return new ImprintClient(
          url,
          apikey == null ? null : apikey.value(),
          ImprintClient.DEFAULT_VERSION,
          warning -> env.err().println("Warning: " + warning));
    } catch (IllegalArgumentException e) {
      if (apikey == null) {
        throw e;
      }
      throw new CliFailure(apikey.described() + " is not usable: " + e.getMessage());
    }
  }

  ImprintClient client() {
    if (client == null) {
      client = client(url(), apikey());
    }
    return client;
  }

  /**
   * What to do when the server wants a token it did not get or refused the one it got (a 401), or
   * the token endpoint refused the key.
   */
  String loginTip() {
    Apikey apikey;
    try {
      apikey = apikey();
    } catch (CliFailure e) {
      apikey = null; // an unreadable config file: its own failure tells
    }
    var login = "'imprint login --url URL --apikey KEY' (or --apikey @FILE)";
    if (apikey == null) {
      return "no API key is set: log in with " + login + ", or set IBMCLOUD_API_KEY.";
    }
    if (apikey.source() == null) {
      return "log in again with " + login + ", or set IBMCLOUD_API_KEY.";
    }
    if (apikey.source().equals("IMPRINT_APIKEY")) {
      return "set IMPRINT_APIKEY to a key of this server, or unset it to use the key saved by "
          + login
          + ".";
    }
    return "IBMCLOUD_API_KEY may hold an IBM Cloud key: set IMPRINT_APIKEY to a key of this"
        + " server (it wins), or unset IBMCLOUD_API_KEY to use the key saved by "
        + login
        + ".";
  }

  /** The server's time when it runs a virtual clock, else this machine's. */
  Instant now() {
    var clock = client().getClock();
    return clock == null ? env.clock().instant() : Instant.parse(clock.get("now").getAsString());
  }

  // output
  // ----------------------------------------------------------------------------------------------------------

  void printJson(JsonElement element) {
    env.out().println(PRETTY.toJson(element));
    env.out().flush();
  }

  void printJson(List<JsonObject> list) {
    var array = new com.google.gson.JsonArray();
    list.forEach(array::add);
    printJson(array);
  }

  /**
   * A plain list command: the context line, then {@code read}'s items as JSON, as "No … were
   * found." or as {@code table} with {@code row}'s cells per item. Returns the exit code.
   */
  int list(
      Output output,
      String plural,
      Supplier<List<JsonObject>> read,
      Table table,
      Function<JsonObject, String[]> row) {
    context(output, "Listing " + plural + " at " + url() + "...");
    var items = read.get();
    if (printedWithoutTable(output, items, plural)) {
      return 0;
    }
    items.forEach(item -> table.row(row.apply(item)));
    print(table);
    return 0;
  }

  /**
   * JSON (a bare array) or, for an empty list, the real CLI's "No images were found."; true when
   * nothing is left to print.
   */
  boolean printedWithoutTable(Output output, List<JsonObject> items, String plural) {
    if (output.json()) {
      printJson(items);
      return true;
    }
    if (items.isEmpty()) {
      env.out().println("No " + plural + " were found.");
      env.out().flush();
      return true;
    }
    return false;
  }

  void print(Object text) {
    env.out().print(text);
    env.out().flush();
  }

  /**
   * The real CLI's first line ("Getting image … under account …"), left out with -q and with JSON
   * output.
   */
  void context(Output output, String line) {
    if (!output.quiet && !output.json()) {
      env.out().println(line);
      env.out().println();
    }
  }

  // names and ids
  // ---------------------------------------------------------------------------------------------------

  JsonObject image(String idOrName) {
    return resolve(
        "image",
        idOrName,
        REGIONAL_ID,
        client()::getImage,
        name -> client().listImages(Map.of("name", name)));
  }

  JsonObject volume(String idOrName) {
    return resolve(
        "volume",
        idOrName,
        REGIONAL_ID,
        client()::getVolume,
        name -> client().listVolumes(Map.of("name", name)));
  }

  JsonObject instance(String idOrName) {
    return resolve(
        "instance",
        idOrName,
        ZONAL_ID,
        client()::getInstance,
        name -> client().listInstances(Map.of("name", name)));
  }

  JsonObject vpc(String idOrName) {
    return resolve(
        "VPC",
        idOrName,
        REGIONAL_ID,
        client()::getVpc,
        name -> named(client().listVpcs(Map.of()), name));
  }

  JsonObject subnet(String idOrName) {
    return resolve(
        "subnet",
        idOrName,
        ZONAL_ID,
        client()::getSubnet,
        name -> named(client().listSubnets(Map.of()), name));
  }

  /**
   * The group given by id or by name, else the one targeted on this endpoint ({@code imprint target
   * -g}), else {@code null}.
   */
  JsonObject resourceGroup(String id, String name, boolean useTarget) {
    var target = id == null && name == null && useTarget ? config().target(url()) : null;
    if (target != null) {
      id = target.groupId();
    }
    if (id == null && name == null) {
      return null;
    }
    var groups = client().listResourceGroups();
    for (var group : groups) {
      if ((id != null && id.equals(Json.text(group, "id")))
          || (name != null && name.equals(Json.text(group, "name")))) {
        return group;
      }
    }
    var names = groups.stream().map(g -> Json.text(g, "name")).collect(Collectors.joining(", "));
    if (target != null) {
      throw new CliFailure(
          "the targeted resource group "
              + (target.groupName() == null ? "" : target.groupName() + " ")
              + "(ID "
              + id
              + ") does not exist at "
              + url()
              + ": target another with 'imprint target -g NAME' (the groups there: "
              + names
              + "), or none with 'imprint target --unset-resource-group'");
    }
    throw new CliFailure(
        "no resource group "
            + (id != null ? "with ID " + id : "named " + name)
            + "; the groups are: "
            + names);
  }

  /**
   * A resource group reference's name: its own, else the group's as Resource Manager lists it, else
   * (the group cannot be read) its ID.
   */
  String resourceGroupName(JsonObject resource) {
    var name = Json.text(resource, "resource_group", "name");
    var id = Json.text(resource, "resource_group", "id");
    if (name != null || id == null) {
      return name;
    }
    try {
      return client().listResourceGroups().stream()
          .filter(g -> id.equals(Json.text(g, "id")))
          .map(g -> Json.text(g, "name"))
          .findFirst()
          .orElse(id);
    } catch (ApiError | ServerUnreachable e) {
      return id;
    }
  }

  private static List<JsonObject> named(List<JsonObject> all, String name) {
    return all.stream().filter(o -> name.equals(Json.text(o, "name"))).toList();
  }

  /**
   * An ID or a name, as the real CLI takes them: something shaped like an ID is fetched as one;
   * anything else (or an ID-shaped string that no resource has) is looked up by name, which must
   * match exactly one resource.
   */
  private static JsonObject resolve(
      String kind,
      String idOrName,
      Pattern idShape,
      Function<String, JsonObject> byId,
      Function<String, List<JsonObject>> byName) {
    if (idShape.matcher(idOrName).matches()) {
      try {
        return byId.apply(idOrName);
      } catch (ApiError e) {
        if (e.status() != 404) {
          throw e;
        }
      }
    }
    var matches = byName.apply(idOrName);
    if (matches.isEmpty()) {
      throw new CliFailure("no " + kind + " with ID or name " + idOrName);
    }
    if (matches.size() > 1) {
      var lines =
          matches.stream()
              .map(
                  m ->
                      "  "
                          + Json.text(m, "id")
                          + "  "
                          + Json.text(m, "status")
                          + "  resource group "
                          + Json.text(m, "resource_group", "name"))
              .collect(Collectors.joining("\n"));
      throw new CliFailure(
          matches.size()
              + " "
              + kind
              + "s are named "
              + idOrName
              + "; give one of their IDs instead:\n"
              + lines);
    }
    return matches.get(0);
  }
}
