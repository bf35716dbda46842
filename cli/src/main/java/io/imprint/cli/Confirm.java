package io.imprint.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Deletes ask before they act. On a terminal the user answers y/N; without one nobody can answer,
 * so a delete without {@code -f} is refused as a usage mistake (exit 2) rather than guessed.
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
    var names = new StringBuilder();
    for (var r : resources) {
      names
          .append(names.isEmpty() ? "" : ", ")
          .append(Json.text(r, "name"))
          .append(" (")
          .append(Json.text(r, "id"))
          .append(')');
    }
    session
        .env
        .out()
        .print(
            "This will delete "
                + kind
                + (resources.size() > 1 ? "s " : " ")
                + names
                + " and cannot be undone. Continue [y/N] ? ");
    session.env.out().flush();
    String answer;
    try {
      answer = session.env.in().readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
      throw new CliFailure("Nothing was deleted.");
    }
  }
}
