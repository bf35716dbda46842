package io.imprint.core.app.event;

import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.domain.event.EventFilter;
import io.imprint.core.port.Store;

/** The events kept in the outbox, for {@code GET /imprint/v1/events}. Nothing here changes one. */
public final class EventService {
  private final Store store;

  public EventService(Store store) {
    this.store = store;
  }

  /** Events matching {@code filter}, newest first. */
  public Page<ActivityEvent> listEvents(EventFilter filter, PageRequest page) {
    return store.read(tx -> tx.events().list(filter, page));
  }
}
