package io.imprint.core.app.event;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.event.StoredEvent;
import io.imprint.core.port.EventSink;
import io.imprint.core.port.Store;
import java.io.IOException;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed events to every sink, in order, at least once; and purges the events the
 * retention lets go. Each sink has a durable cursor in the store that moves only after the sink has
 * stored a batch, so a crash between the two sends the batch again after the restart: a consumer
 * drops the copies by their {@code id}. Plain methods, driven from outside (a loop woken after
 * commits, with a polling backstop).
 */
public final class EventDispatcher {
  private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

  /** Events per sink write and cursor move: a few hundred KB of JSON lines. */
  static final int BATCH = 500;

  /** Events deleted per transaction, so a purge never holds the SQLite writer for long. */
  static final int PURGE_BATCH = 5000;

  private final Store store;
  private final Deployment deployment;
  private final List<EventSink> sinks;
  private final Period retention;
  private final Set<String> failing = ConcurrentHashMap.newKeySet();

  public EventDispatcher(
      Store store, Deployment deployment, List<EventSink> sinks, Period retention) {
    this.store = store;
    this.deployment = deployment;
    this.sinks = List.copyOf(sinks);
    this.retention = retention;
  }

  /**
   * Delivers every committed event a sink has not stored yet, to each sink; returns how many
   * deliveries it made (an event delivered to two sinks counts twice). A sink that fails keeps its
   * cursor and is tried again at the next call; the other sinks go on.
   */
  public synchronized int deliverPending() {
    int delivered = 0;
    for (var sink : sinks) {
      delivered += deliverTo(sink);
    }
    return delivered;
  }

  private int deliverTo(EventSink sink) {
    int delivered = 0;
    while (true) {
      long cursor = store.read(tx -> tx.events().cursor(sink.name()));
      var batch = store.read(tx -> tx.events().after(cursor, BATCH));
      if (batch.isEmpty()) {
        return delivered;
      }
      try {
        sink.deliver(batch.stream().map(StoredEvent::event).toList());
      } catch (IOException | RuntimeException e) {
        if (failing.add(sink.name())) {
          log.warn("event sink {} failed; it is tried again with the same events", sink.name(), e);
        }
        return delivered;
      }
      if (failing.remove(sink.name())) {
        log.info("event sink {} delivers again", sink.name());
      }
      long last = batch.getLast().seq();
      // a lost move means another node delivered the same events meanwhile: at least once either
      // way
      store.write(tx -> tx.events().advanceCursor(sink.name(), cursor, last));
      delivered += batch.size();
      if (batch.size() < BATCH) {
        return delivered;
      }
    }
  }

  /**
   * Deletes the events older than the retention, the only way an event ever leaves the outbox;
   * returns how many. An event a broken sink has not received by then is gone for that sink too.
   */
  public int purgeExpired() {
    Instant cutoff = deployment.now().atOffset(ZoneOffset.UTC).minus(retention).toInstant();
    int purged = 0;
    while (true) {
      int deleted = store.write(tx -> tx.events().deleteOlderThan(cutoff, PURGE_BATCH));
      purged += deleted;
      if (deleted < PURGE_BATCH) {
        if (purged > 0) {
          log.info("events: {} older than {} purged", purged, retention);
        }
        return purged;
      }
    }
  }
}
