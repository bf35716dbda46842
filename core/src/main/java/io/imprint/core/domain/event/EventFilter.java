package io.imprint.core.domain.event;

import java.time.Instant;

/**
 * Which events a list shows; null means any. {@code from} is inclusive, {@code to} exclusive;
 * {@code actionPrefix} matches every action that starts with it ({@code is.image.} for all image
 * events).
 */
public record EventFilter(
    Instant from,
    Instant to,
    String action,
    String actionPrefix,
    String targetCrn,
    Outcome outcome,
    String initiatorId) {
  public static final EventFilter ALL = new EventFilter(null, null, null, null, null, null, null);
}
