package io.imprint.client;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * An IBM-style error answer: the HTTP status, and {@code errors[0]}'s code, message and target,
 * with the trace.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final String target;
  private final String trace;

  public ApiError(int status, String code, String message, String target, String trace) {
    super(message);
    this.status = status;
    this.code = code;
    this.target = target;
    this.trace = trace;
  }

  static ApiError from(int status, String body, String fallbackMessage) {
    try {
      var root = JsonParser.parseString(body == null ? "" : body);
      if (root.isJsonObject() && root.getAsJsonObject().has("errors")) {
        var error = root.getAsJsonObject().getAsJsonArray("errors").get(0).getAsJsonObject();
        var target = error.getAsJsonObject("target");
        return new ApiError(
            status,
            text(error, "code"),
            text(error, "message"),
            target == null ? null : text(target, "name"),
            text(root.getAsJsonObject(), "trace"));
      }
    } catch (JsonParseException | IllegalStateException | IndexOutOfBoundsException e) {
      // not an IBM error body (a proxy's page, say): fall through to the status line
    }
    return new ApiError(status, "http_" + status, fallbackMessage, null, null);
  }

  private static String text(JsonObject object, String member) {
    var value = object.get(member);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The field, parameter or header at fault, or {@code null}. */
  public String target() {
    return target;
  }

  /** The request's trace id (its {@code X-Request-Id}), or {@code null}. */
  public String trace() {
    return trace;
  }
}
