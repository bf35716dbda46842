package io.imprint.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waiting, for the benchmarks that poll a server: an interrupt (Ctrl-C) ends the benchmark as a
 * {@link BenchException}.
 */
final class Pause {
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private Pause() {}

  /** Parks until the next 5 ms tick after {@code next}; returns that tick. */
  static long pace(long next) {
    return pace(next, POLL_NANOS);
  }

  /** Parks until {@code step} nanoseconds after {@code next}; returns that tick. */
  static long pace(long next, long step) {
    next += step;
    long now = System.nanoTime();
    if (next > now) {
      LockSupport.parkNanos(next - now);
      return next;
    }
    return now;
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  static void join(List<Thread> threads) {
    try {
      for (var t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }
}
