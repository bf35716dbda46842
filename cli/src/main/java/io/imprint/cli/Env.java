package io.imprint.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Map;

/**
 * Everything the CLI takes from the world, so that tests can run it in process: environment
 * variables, where the config lives, the streams, whether a person is at a terminal, the local
 * clock and time zone.
 */
public record Env(
    Map<String, String> variables,
    Path home,
    PrintWriter out,
    PrintWriter err,
    BufferedReader in,
    boolean terminal,
    InstantSource clock,
    ZoneId zone) {

  static Env system() {
    var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    var err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return new Env(
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        out,
        err,
        in,
        onTerminal(),
        InstantSource.system(),
        ZoneId.systemDefault());
  }

  /**
   * A person is there when stdin and stdout are both a terminal. {@code System.console()} is
   * non-null on JDK 22+ even when redirected, so ask {@code Console.isTerminal()} (JDK 22+) where
   * it exists.
   */
  private static boolean onTerminal() {
    var console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) console.getClass().getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console exists only for a terminal
    }
  }

  String variable(String name) {
    var value = variables.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
