package io.imprint.core.domain.event;

import java.util.Set;

/**
 * Activity Tracker's severity, and the rule that gives it: by HTTP status first (401, 403, 503 and
 * 507 are critical; 400, 409, 424, 500, 502, 504 and 505 are warnings), then deletes are critical
 * (data goes away), lifecycle advance warnings are warnings, and the rest is normal.
 */
public enum Severity {
  NORMAL,
  WARNING,
  CRITICAL;

  private static final Set<Integer> CRITICAL_STATUSES = Set.of(401, 403, 503, 507);
  private static final Set<Integer> WARNING_STATUSES = Set.of(400, 409, 424, 500, 502, 504, 505);

  public String wire() {
    return name().toLowerCase();
  }

  /** The severity of an event with {@code action} whose reason has {@code reasonCode} (or null). */
  public static Severity of(String action, Integer reasonCode) {
    if (reasonCode != null && CRITICAL_STATUSES.contains(reasonCode)) {
      return CRITICAL;
    }
    if (reasonCode != null && WARNING_STATUSES.contains(reasonCode)) {
      return WARNING;
    }
    var verb = action.substring(action.lastIndexOf('.') + 1);
    return switch (verb) {
      case "delete" -> CRITICAL;
      case ResourceKind.WARN -> WARNING;
      default -> NORMAL;
    };
  }
}
