package io.imprint.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/** Reading the API's JSON for tables: a missing or null member reads as {@code null}. */
final class Json {
  private Json() {}

  /** The text at {@code path} (member names, nested objects), or {@code null}. */
  static String text(JsonObject object, String... path) {
    JsonElement current = object;
    for (var member : path) {
      if (current == null || !current.isJsonObject()) {
        return null;
      }
      current = current.getAsJsonObject().get(member);
    }
    return current == null || current.isJsonNull() || !current.isJsonPrimitive()
        ? null
        : current.getAsString();
  }

  static JsonObject object(JsonObject object, String member) {
    var value = object.get(member);
    return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
  }

  /**
   * An option's JSON object, given inline or as {@code @FILE} (IBM's CLI takes both); anything else
   * fails with the option named.
   */
  static JsonObject objectArgument(String option, String value) {
    var text = AtFile.read(option, value, CliFailure::new);
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new CliFailure(option + " is not JSON: " + e.getMessage());
    }
    if (!parsed.isJsonObject()) {
      throw new CliFailure(option + " must be a JSON object, such as {\"volume\":{...}}.");
    }
    return parsed.getAsJsonObject();
  }
}
