package io.imprint.server.events;

import io.imprint.core.app.event.EventDispatcher;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the {@link EventDispatcher} until the job engine runs it as recurring tasks: delivers when
 * woken (after a commit that wrote events) or every {@code poll} (events other nodes wrote, sinks
 * that failed), and purges expired events every {@code purgeEvery}.
 */
public final class EventDeliveryLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventDeliveryLoop.class);
  private final EventDispatcher dispatcher;
  private final Duration poll;
  private final Duration purgeEvery;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean stopping;
  private Thread thread;

  public EventDeliveryLoop(EventDispatcher dispatcher, Duration poll, Duration purgeEvery) {
    this.dispatcher = dispatcher;
    this.poll = poll;
    this.purgeEvery = purgeEvery;
  }

  public EventDeliveryLoop start() {
    thread = Thread.ofPlatform().daemon().name("imprint-events").start(this::run);
    return this;
  }

  public void wake() {
    wake.release();
  }

  private void run() {
    long nextPurge = System.nanoTime();
    while (!stopping) {
      try {
        wake.drainPermits();
        if (System.nanoTime() - nextPurge >= 0) {
          dispatcher.purgeExpired();
          nextPurge = System.nanoTime() + purgeEvery.toNanos();
        }
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
