package io.imprint.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The CLI's own settings, in {@code $IMPRINT_HOME/config.json} (default {@code
 * $HOME/.imprint/config.json}, see {@link Env#home()}), readable by its owner only (0600) since it
 * holds a credential: the endpoint and the API key, and per endpoint (server URL) the targeted
 * resource group, since a group exists on one server only:
 *
 * <pre>{"url": "…", "apikey": "…", "endpoints": {"http://…": {"resource_group_id": "…",
 * "resource_group_name": "…"}}}</pre>
 *
 * {@code IMPRINT_CONFIG} is not used: the server reads that one.
 */
final class CliConfig {
  private static final String ENDPOINTS = "endpoints";
  private static final String GROUP_ID = "resource_group_id";
  private static final String GROUP_NAME = "resource_group_name";

  /** The resource group targeted on one server ({@code imprint target -g}). */
  record Target(String groupId, String groupName) {}

  private final Path file;
  private final JsonObject values;

  private CliConfig(Path file, JsonObject values) {
    this.file = file;
    this.values = values;
  }

  static CliConfig load(Env env) {
    var dir =
        env.variable("IMPRINT_HOME") != null
            ? Path.of(env.variable("IMPRINT_HOME"))
            : env.home().resolve(".imprint");
    var file = dir.resolve("config.json");
    if (!Files.exists(file)) {
      return new CliConfig(file, new JsonObject());
    }
    try {
      var root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
      if (!root.isJsonObject()) {
        throw new CliFailure(
            "the config file "
                + file
                + " is not a JSON object: fix or delete it, then run imprint login again");
      }
      var config = new CliConfig(file, root.getAsJsonObject());
      config.migrate(env);
      return config;
    } catch (IOException | JsonParseException e) {
      throw new CliFailure("cannot read the config file " + file + ": " + e.getMessage());
    }
  }

  /**
   * Files written before targets were kept per endpoint have one target at the top level, which
   * every server inherited: it belongs to the server it was made on, the stored URL (or, in a file
   * without one, {@code IMPRINT_URL}, which was then the only way to reach a server). The file is
   * rewritten in the new layout at the next save.
   */
  private void migrate(Env env) {
    var id = text(values.remove(GROUP_ID));
    var name = text(values.remove(GROUP_NAME));
    var url = get("url") != null ? get("url") : env.variable("IMPRINT_URL");
    if (id != null && url != null && target(url) == null) {
      target(url, new Target(id, name));
    }
  }

  Path file() {
    return file;
  }

  String get(String key) {
    return text(values.get(key));
  }

  private static String text(JsonElement value) {
    return value == null || !value.isJsonPrimitive() ? null : value.getAsString();
  }

  /** The group targeted on the server at {@code url}, or {@code null}. */
  Target target(String url) {
    var endpoint = endpoints().get(key(url));
    if (endpoint == null || !endpoint.isJsonObject()) {
      return null;
    }
    var id = text(endpoint.getAsJsonObject().get(GROUP_ID));
    return id == null ? null : new Target(id, text(endpoint.getAsJsonObject().get(GROUP_NAME)));
  }

  /** Targets {@code target} on the server at {@code url}; {@code null} forgets its target. */
  void target(String url, Target target) {
    var endpoints = endpoints();
    if (target == null) {
      endpoints.remove(key(url));
    } else {
      var endpoint = new JsonObject();
      endpoint.addProperty(GROUP_ID, target.groupId());
      endpoint.addProperty(GROUP_NAME, target.groupName());
      endpoints.add(key(url), endpoint);
    }
    if (endpoints.isEmpty()) {
      values.remove(ENDPOINTS);
    } else {
      values.add(ENDPOINTS, endpoints);
    }
  }

  private JsonObject endpoints() {
    var endpoints = values.get(ENDPOINTS);
    return endpoints != null && endpoints.isJsonObject()
        ? endpoints.getAsJsonObject()
        : new JsonObject();
  }

  /** http://host:8080/ and http://host:8080 are one endpoint. */
  private static String key(String url) {
    return url.replaceAll("/+$", "");
  }

  void set(String key, String value) {
    if (value == null) {
      values.remove(key);
    } else {
      values.addProperty(key, value);
    }
  }

  /**
   * Written to a 0600 temporary file first and moved over, so the key is never readable by others,
   * not even briefly.
   */
  void save() {
    try {
      var dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      var tmp = dir.resolve("config.json.tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        throw new IOException("another imprint is writing " + tmp, e);
      }
      Files.writeString(
          tmp,
          new GsonBuilder().setPrettyPrinting().create().toJson(values) + "\n",
          StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliFailure("cannot write the config file " + file + ": " + e.getMessage());
    }
  }
}
