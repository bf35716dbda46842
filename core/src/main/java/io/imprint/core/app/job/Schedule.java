package io.imprint.core.app.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * When a recurring task runs next, asked after each run with now on the deployment's clock. The
 * standard schedules are here: a fixed interval, and the next due moment of some data with a
 * backstop.
 */
@FunctionalInterface
public interface Schedule {
  /** The next run after one that ended at {@code now}. */
  Instant next(Instant now);

  /** Every {@code interval} after the end of the previous run. */
  static Schedule every(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("a recurring task needs a positive interval");
    }
    return now -> now.plus(interval);
  }

  /**
   * At the next moment {@code due} reports (given now), and no later than {@code backstop} from
   * now: the backstop catches due moments written without a wake-up (by an older node, or straight
   * into the store).
   */
  static Schedule nextDue(Function<Instant, Optional<Instant>> due, Duration backstop) {
    var fallback = every(backstop);
    return now -> {
      var latest = fallback.next(now);
      return due.apply(now).filter(d -> d.isBefore(latest)).orElse(latest);
    };
  }
}
