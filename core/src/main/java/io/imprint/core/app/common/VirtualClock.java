package io.imprint.core.app.common;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A clock that runs with real time plus an offset that only grows: operators and tests move it
 * forward to rehearse lifecycle schedules ({@code clock: virtual}). It never goes backwards, so
 * dates already applied stay applied. Listeners (the lifecycle scheduler) are told at once when it
 * moves.
 */
public final class VirtualClock implements InstantSource {
  /**
   * How far ahead the clock may run: a century rehearses any lifecycle, and keeps every date the
   * server writes inside RFC 3339's four-digit years.
   */
  static final Duration MAX_OFFSET = Duration.ofDays(36_525);

  /** The setting that keeps the offset across restarts, as an ISO-8601 duration. */
  public static final String OFFSET_SETTING = "clock.offset";

  private final InstantSource base;
  private final AtomicLong offsetMillis = new AtomicLong();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Consumer<Duration> keep;

  /** A clock that starts at real time and keeps its offset nowhere (benchmarks, tests). */
  public VirtualClock(InstantSource base) {
    this(base, Duration.ZERO, offset -> {});
  }

  /**
   * A clock {@code offset} ahead of {@code base} (what an earlier run left), that hands every new
   * offset to {@code keep} before it takes effect: if keeping it fails, the clock does not move.
   */
  public VirtualClock(InstantSource base, Duration offset, Consumer<Duration> keep) {
    if (offset.isNegative() || offset.compareTo(MAX_OFFSET) > 0) {
      throw new IllegalArgumentException(
          "a virtual clock's offset is from 0 to " + MAX_OFFSET + ": " + offset);
    }
    this.base = base;
    this.offsetMillis.set(offset.toMillis());
    this.keep = keep;
  }

  /** How far ahead of real time the clock runs. */
  public Duration offset() {
    return Duration.ofMillis(offsetMillis.get());
  }

  @Override
  public Instant instant() {
    return base.instant().plusMillis(offsetMillis.get());
  }

  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Moves the clock forward by {@code amount} (positive). */
  public Instant advance(Duration amount) {
    if (amount.isNegative() || amount.isZero()) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "advance must be a positive duration such as PT36H.",
          Target.field("advance", amount));
    }
    moveBy(amount, Target.field("advance", amount));
    return instant();
  }

  /** Moves the clock to {@code target}, which must not lie in the clock's past. */
  public Instant set(Instant target) {
    var now = instant();
    if (target.isBefore(now)) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "The clock never goes backwards: it is " + now + " and " + target + " lies before that.",
          Target.field("set", target));
    }
    moveBy(Duration.between(now, target), Target.field("set", target));
    return instant();
  }

  private synchronized void moveBy(Duration amount, Target target) {
    var offset = Duration.ofMillis(offsetMillis.get());
    if (amount.compareTo(MAX_OFFSET.minus(offset)) > 0) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "The virtual clock runs at most "
              + MAX_OFFSET.toDays()
              + " days (100 years) ahead of real time; it is "
              + offset.toDays()
              + " days ahead now.",
          target);
    }
    var next = offset.plus(amount);
    keep.accept(next);
    offsetMillis.set(next.toMillis());
    listeners.forEach(Runnable::run);
  }
}
