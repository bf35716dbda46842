package io.imprint.cli;

import com.google.gson.GsonBuilder;
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
 * The CLI's own settings: the endpoint, the API key and the targeted resource group, in {@code
 * $IMPRINT_HOME/config.json} (default {@code $HOME/.imprint/config.json}, see {@link Env#home()}),
 * readable by its owner only (0600) since it holds a credential. {@code IMPRINT_CONFIG} is not
 * used: the server reads that one.
 */
final class CliConfig {
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
      return new CliConfig(file, root.getAsJsonObject());
    } catch (IOException | JsonParseException e) {
      throw new CliFailure("cannot read the config file " + file + ": " + e.getMessage());
    }
  }

  Path file() {
    return file;
  }

  String get(String key) {
    var value = values.get(key);
    return value == null || value.isJsonNull() ? null : value.getAsString();
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
