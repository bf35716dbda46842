package io.imprint.core.domain.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a service reports about one change it writes: the action, the resource, the outcome, the
 * HTTP status the API answers it with, why it failed (if it did), what caused it when no API caller
 * did ({@code job}, {@code schedule}, {@code power}, …: the system initiator's name) and details
 * for the event's {@code responseData} ({@code status}, …; {@value #RESPONSE_URI} replaces the
 * resource's own URI, for a sub-resource).
 */
public record Change(
    String action,
    Subject subject,
    Outcome outcome,
    int status,
    String failure,
    String cause,
    Map<String, String> details) {
  public static final String RESPONSE_URI = "responseURI";

  public Change {
    details = Map.copyOf(details);
  }

  /** A successful {@code verb} on {@code subject}, answered with {@code status}. */
  public static Change of(Subject subject, String verb, int status, String cause) {
    return ofAction(subject.kind().action(verb), subject, status, cause);
  }

  /** A successful {@code action} (one on a sub-resource of {@code subject}). */
  public static Change ofAction(String action, Subject subject, int status, String cause) {
    return new Change(action, subject, Outcome.SUCCESS, status, null, cause, Map.of());
  }

  /** The same change with {@code key} in its details; a null value adds nothing. */
  public Change with(String key, String value) {
    if (value == null) {
      return this;
    }
    var more = new LinkedHashMap<>(details);
    more.put(key, value);
    return new Change(action, subject, outcome, status, failure, cause, more);
  }

  public Change withOutcome(Outcome next) {
    return new Change(action, subject, next, status, failure, cause, details);
  }

  /** The same change, failed because of {@code why}. */
  public Change failed(String why) {
    return new Change(action, subject, Outcome.FAILURE, status, why, cause, details);
  }
}
