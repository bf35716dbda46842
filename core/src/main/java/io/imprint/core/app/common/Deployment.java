package io.imprint.core.app.common;

import io.imprint.core.domain.region.Region;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.random.RandomGenerator;

/**
 * What every service needs to know about where it runs: the region, the account whose resources it
 * serves, the account that owns the stock catalog, the clock and the random source. Built once at
 * start from configuration.
 */
public record Deployment(
    Region region,
    String accountId,
    String providerAccountId,
    InstantSource clock,
    RandomGenerator random,
    Ids ids) {

  public Deployment(
      Region region,
      String accountId,
      String providerAccountId,
      InstantSource clock,
      RandomGenerator random) {
    this(region, accountId, providerAccountId, clock, random, new Ids(region, random));
  }

  /**
   * Now, to the millisecond: the wire shows milliseconds, so storing more would make a read differ
   * from a write.
   */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
