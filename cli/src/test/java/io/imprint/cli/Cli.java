package io.imprint.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the CLI in process, as a user at a shell would, with its own home directory and captured
 * output. {@code home} stands for the account's home directory (the JVM's {@code user.home});
 * {@code IMPRINT_HOME} points under it unless the test unsets it.
 */
final class Cli {
  /**
   * instance-create's arguments after INSTANCE_NAME: the default VPC's subnet in us-south-1 and a
   * stock Debian image.
   */
  static final List<String> INSTANCE_PLACE =
      List.of(
          "default-vpc",
          "us-south-1",
          "bx2-2x8",
          "default-subnet-us-south-1",
          "--image",
          "ibm-debian-12-minimal-amd64-1");

  private final Path home;
  private final Map<String, String> variables = new HashMap<>();
  private boolean terminal;
  private String input = "";

  Cli(Path home) {
    this.home = home;
    variables.put("IMPRINT_HOME", home.resolve(".imprint").toString());
  }

  Cli env(String name, String value) {
    variables.put(name, value);
    return this;
  }

  /** As if {@code name} were not in the environment ({@code IMPRINT_HOME} is set by default). */
  Cli unset(String name) {
    variables.remove(name);
    return this;
  }

  /** As if at a terminal, answering prompts with {@code answers} (one per line). */
  Cli atTerminal(String answers) {
    terminal = true;
    input = answers;
    return this;
  }

  /** {@code instance-create NAME} at {@link #INSTANCE_PLACE}, then {@code more}. */
  Result createInstance(String name, String... more) {
    var args = new ArrayList<>(List.of("instance-create", name));
    args.addAll(INSTANCE_PLACE);
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  Result run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var env =
        new Env(
            Map.copyOf(variables),
            home,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new BufferedReader(new StringReader(input)),
            terminal,
            InstantSource.system(),
            ZoneOffset.UTC);
    int exit = Main.run(env, args);
    return new Result(exit, out.toString(), err.toString());
  }

  record Result(int exit, String out, String err) {
    JsonElement json() {
      return JsonParser.parseString(out);
    }

    JsonObject object() {
      return json().getAsJsonObject();
    }

    JsonArray array() {
      return json().getAsJsonArray();
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
