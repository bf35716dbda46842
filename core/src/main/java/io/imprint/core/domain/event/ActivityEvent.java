package io.imprint.core.domain.event;

import java.time.Instant;

/**
 * One Activity Tracker event: a change (or a refused request to change something), shaped after
 * IBM's CADF fields. {@code id} is a UUID made when the event is written, so a consumer that gets
 * an event twice (delivery is at least once) can drop the copy by it.
 */
public record ActivityEvent(
    String id,
    String action,
    Instant eventTime,
    Initiator initiator,
    EventTarget target,
    Result result,
    String message,
    Exchange exchange) {

  public Outcome outcome() {
    return result.outcome();
  }
}
