package io.imprint.server;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Waiting in real time for what a test can only watch: a server in another process, which runs on
 * its own clock, or the files it writes. A server in the test's JVM is driven by its settable clock
 * instead, never polled.
 */
final class Poll {
  private Poll() {}

  /**
   * The first value {@code probe} gives, asking every {@code every} until {@code timeout}; then an
   * {@link AssertionError} with {@code failure}'s message. A probe that throws ends the wait.
   */
  static <T> T until(
      Duration timeout, Duration every, Callable<Optional<T>> probe, Supplier<String> failure)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      var value = probe.call();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(failure.get());
      }
      Thread.sleep(every);
    }
  }
}
