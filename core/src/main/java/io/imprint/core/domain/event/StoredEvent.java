package io.imprint.core.domain.event;

/**
 * An event with its position in the outbox: a sequence that grows with every event written, in
 * commit order, so a delivery cursor never passes an event that commits later.
 */
public record StoredEvent(long seq, ActivityEvent event) {}
