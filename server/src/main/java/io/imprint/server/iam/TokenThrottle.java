package io.imprint.server.iam;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows down guessing at the token endpoint: after {@link #ALLOWED_FAILURES} failed sign-ins from
 * one address, or for one key (by its lookup prefix), within {@link #WINDOW}, further requests from
 * there or for it are refused with 429 until the window has passed since the last failure. A
 * refusal costs nothing (no key hash is computed), so a guesser cannot make the server spend its
 * CPU either. Failures and refusals are counted in {@code /metrics}.
 */
public final class TokenThrottle {
  static final int ALLOWED_FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(5);

  /** Where a sign-in came from, and which key it named (null when none could be read). */
  public record Attempt(String address, String keyLookup) {}

  private final Cache<String, AtomicInteger> failures =
      Caffeine.newBuilder().expireAfterWrite(WINDOW).maximumSize(100_000).build();
  private final Counter failed;
  private final Counter refused;

  public TokenThrottle(MeterRegistry metrics) {
    this.failed =
        Counter.builder("imprint.iam.token.failures")
            .description("token requests refused for a wrong API key or refresh token")
            .register(metrics);
    this.refused =
        Counter.builder("imprint.iam.token.throttled")
            .description("token requests refused with 429 after repeated failures")
            .register(metrics);
  }

  /** The attempt, or a 429 when its address or key failed too often lately. */
  public Attempt admit(String address, String keyLookup) {
    var attempt = new Attempt(address, keyLookup);
    if (count("address:" + address) >= ALLOWED_FAILURES
        || (keyLookup != null && count("key:" + keyLookup) >= ALLOWED_FAILURES)) {
      refused.increment();
      throw new ApiException(
          ErrorCode.TOO_MANY_REQUESTS,
          "Too many failed token requests from this address or for this API key; wait "
              + WINDOW.toMinutes()
              + " minutes and try again.");
    }
    return attempt;
  }

  /** Counts a failed attempt against its address and its key. */
  public void failed(Attempt attempt) {
    failed.increment();
    bump("address:" + attempt.address());
    if (attempt.keyLookup() != null) {
      bump("key:" + attempt.keyLookup());
    }
  }

  private int count(String key) {
    var n = failures.getIfPresent(key);
    return n == null ? 0 : n.get();
  }

  private void bump(String key) {
    // written anew each time, so the window runs from the last failure
    var n = failures.get(key, k -> new AtomicInteger());
    n.incrementAndGet();
    failures.put(key, n);
  }
}
