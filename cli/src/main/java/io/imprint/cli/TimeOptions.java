package io.imprint.cli;

import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Turns a time flag into the API's RFC 3339 text, asking the server for "now" at most once per
 * command.
 */
final class TimeOptions {
  private final Session session;
  private final CommandSpec spec;
  private Instant now;

  TimeOptions(Session session, CommandSpec spec) {
    this.session = session;
    this.spec = spec;
  }

  String parse(String flag, String text) {
    if (text == null) {
      return null;
    }
    var instant = Times.parse(text, () -> now == null ? (now = session.now()) : now);
    if (instant == null) {
      throw new ParameterException(
          spec.commandLine(),
          flag
              + " "
              + text
              + " is not a time: use RFC 3339 (2030-03-05T15:31:50Z, 2030-03-05T23:31:50+08:00) or +N with m, h, d or w (+30d)");
    }
    return instant.toString();
  }
}
