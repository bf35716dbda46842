package io.imprint.core.app.image;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code deprecation_at} and {@code obsolescence_at} when they come. It sleeps until the
 * next due moment (or {@code backstop}, for dates written by other nodes), is woken early when
 * dates change, and on start first applies whatever fell due while the server was down. Each change
 * is a compare-and-set through {@link ImageLifecycle}, so it happens exactly once even with several
 * schedulers. It also gives the advance warnings (by default 7 days and 1 day before each date),
 * each exactly once.
 */
public final class LifecycleScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LifecycleScheduler.class);
  private final ImageLifecycleService images;
  private final InstantSource clock;
  private final Duration backstop;
  private final List<Duration> warningLeads;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean stopping;
  private Thread thread;

  public LifecycleScheduler(
      ImageLifecycleService images,
      InstantSource clock,
      Duration backstop,
      List<Duration> warningLeads) {
    this.warningLeads = List.copyOf(warningLeads);
    this.images = images;
    this.clock = clock;
    this.backstop = backstop;
    images.onLifecycleChange(this::wake);
  }

  public LifecycleScheduler start() {
    thread = Thread.ofPlatform().daemon().name("imprint-lifecycle").start(this::run);
    return this;
  }

  public void wake() {
    wake.release();
  }

  private void run() {
    while (!stopping) {
      try {
        // permits that arrive from here on (dates changed meanwhile) cut the coming sleep short
        wake.drainPermits();
        int changed = images.applyDueLifecycle();
        images.giveLifecycleWarnings(warningLeads);
        if (changed > 0) {
          log.info("lifecycle: {} image(s) changed as scheduled", changed);
        }
        long sleep = backstop.toMillis();
        var next = images.nextLifecycleDue(warningLeads);
        if (next.isPresent()) {
          sleep =
              Math.max(
                  1, Math.min(sleep, Duration.between(clock.instant(), next.get()).toMillis() + 1));
        }
        wake.tryAcquire(sleep, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!stopping) {
          log.warn("lifecycle scheduler failed; it tries again", e);
          try {
            Thread.sleep(backstop.toMillis());
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    stopping = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
