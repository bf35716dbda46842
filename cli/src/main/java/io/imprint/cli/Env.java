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
 * variables, the account's home directory (the JVM's {@code user.home}, read from the password
 * file), the streams, whether a person is at a terminal, the local clock and time zone.
 */
public record Env(
    Map<String, String> variables,
    Path accountHome,
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

  /**
   * The home directory: {@code $HOME} when set and not empty, as every Unix tool reads it (so that
   * {@code HOME=/tmp/x imprint login} keeps its settings there), else the account's.
   */
  Path home() {
    var home = variable("HOME");
    return home != null ? Path.of(home) : accountHome;
  }

  String variable(String name) {
    var value = variables.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
