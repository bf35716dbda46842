package io.imprint.server.events;

import io.imprint.core.app.event.EventDispatcher;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events: woken in process after each commit that wrote some, or every {@code poll}
 * (events other nodes wrote, sinks that failed). Delivery keeps this one thread rather than running
 * as a recurring task of the job engine, for two reasons measured against the engine's design: a
 * wake-up of a recurring task is a write transaction, which every API write would then pay; and the
 * engine's workers can all be held by long imports, which must not hold back the audit trail.
 * Nothing is lost either way: the per-sink cursors are durable. Retention, which may wait, is the
 * engine's recurring task {@code event.retention}.
 */
public final class EventDeliveryLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventDeliveryLoop.class);
  private final EventDispatcher dispatcher;
  private final Duration poll;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean stopping;
  private Thread thread;

  public EventDeliveryLoop(EventDispatcher dispatcher, Duration poll) {
    this.dispatcher = dispatcher;
    this.poll = poll;
  }

  public EventDeliveryLoop start() {
    thread = Thread.ofPlatform().daemon().name("imprint-events").start(this::run);
    return this;
  }

  public void wake() {
    wake.release();
  }

  private void run() {
    while (!stopping) {
      try {
        wake.drainPermits();
        dispatcher.deliverPending();
        wake.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!stopping) {
          log.warn("event delivery failed; it tries again", e);
          try {
            Thread.sleep(poll.toMillis());
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }
  }

  /** Stops the loop, then delivers what is left once, so a clean stop leaves nothing behind. */
  @Override
  public void close() {
    stopping = true;
    if (thread != null) {
      // woken, not interrupted: an interrupt would close the file sink's channel mid-write
      wake.release();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      dispatcher.deliverPending();
    } catch (RuntimeException e) {
      log.warn("events left undelivered at stop go out after the next start", e);
    }
  }
}
