package io.imprint.core.domain.event;

import java.util.Map;

/**
 * Why an event turned out as it did: the HTTP status the request was answered with ({@code
 * reasonCode}), its reason phrase ({@code reasonType}) and, for a failure, what went wrong.
 */
public record Reason(Integer reasonCode, String reasonType, String reasonForFailure) {
  private static final Map<Integer, String> PHRASES =
      Map.ofEntries(
          Map.entry(200, "OK"),
          Map.entry(201, "Created"),
          Map.entry(202, "Accepted"),
          Map.entry(204, "No Content"),
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(409, "Conflict"),
          Map.entry(412, "Precondition Failed"),
          Map.entry(413, "Content Too Large"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(416, "Range Not Satisfiable"),
          Map.entry(424, "Failed Dependency"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"),
          Map.entry(505, "HTTP Version Not Supported"),
          Map.entry(507, "Insufficient Storage"));

  /** {@code status} with its phrase, and {@code failure} (null unless the change failed). */
  public static Reason of(int status, String failure) {
    return new Reason(status, PHRASES.getOrDefault(status, "HTTP " + status), failure);
  }
}
