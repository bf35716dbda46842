package io.imprint.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Deletes, stops and reboots ask before they act, as on the real CLI, unless {@code -f}. On a
 * terminal the user answers y/N. Without one nobody can answer: a delete without {@code -f} is
 * refused as a usage mistake (exit 2) rather than guessed, while a stop or reboot goes ahead, since
 * starting the instance undoes it (and scripts written before it asked keep working).
 */
final class Confirm {
  private Confirm() {}

  static void deletion(
      Session session, CommandSpec spec, boolean force, String kind, List<JsonObject> resources) {
    if (force) {
      return;
    }
    if (!session.env.terminal()) {
      throw new ParameterException(
          spec.commandLine(),
          "not deleting without -f: there is no terminal to ask for confirmation");
    }
    ask(
        session,
        "delete " + kind + (resources.size() > 1 ? "s " : " "),
        resources,
        " and cannot be undone",
        "Nothing was deleted.");
  }

  /** {@code verb} is {@code stop} or {@code reboot}. */
  static void instanceAction(Session session, boolean force, String verb, JsonObject instance) {
    if (force || !session.env.terminal()) {
      return;
    }
    ask(
        session,
        verb + " instance ",
        List.of(instance),
        "",
        "The instance was not " + verb + (verb.endsWith("p") ? "ped." : "ed."));
  }

  /**
   * Locks and unlocks ask as stops do: on a terminal unless {@code -f}, and without one they go
   * ahead, since the opposite command undoes them. {@code what} ends with a space ("lock service ID
   * ").
   */
  static void reversible(Session session, boolean force, String what, JsonObject resource) {
    if (force || !session.env.terminal()) {
      return;
    }
    ask(session, what, List.of(resource), "", "Nothing was changed.");
  }

  private static void ask(
      Session session, String what, List<JsonObject> resources, String warning, String declined) {
    var names = new StringBuilder();
    for (var r : resources) {
      names
          .append(names.isEmpty() ? "" : ", ")
          .append(Json.text(r, "name"))
          .append(" (")
          .append(Json.text(r, "id"))
          .append(')');
    }
    session.env.out().print("This will " + what + names + warning + ". Continue [y/N] ? ");
    session.env.out().flush();
    String answer;
    try {
      answer = session.env.in().readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
      throw new CliFailure(declined);
    }
  }
}
