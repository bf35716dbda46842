package io.imprint.core.domain.event;

import java.time.Instant;

/**
 * A status change of an image, a volume or an instance, with what caused it ({@code user}, {@code
 * capture}, {@code import}, {@code schedule}, {@code power}). The events issue gives it the
 * Activity Tracker shape and a durable store; until then it is logged.
 */
public record ChangeEvent(
    String action,
    String targetType,
    String targetId,
    String from,
    String to,
    String cause,
    String reason,
    Instant at) {}
