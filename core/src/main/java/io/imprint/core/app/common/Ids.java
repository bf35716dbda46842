package io.imprint.core.app.common;

import io.imprint.core.domain.region.Region;
import io.imprint.core.domain.region.Zone;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * New ids in IBM's shapes: regional resources {@code r006-<uuid>}, instances {@code 0717_<uuid>},
 * zonal sub-resources (attachments, subnets, network interfaces) {@code 0717-<uuid>}, resource
 * groups 32 hex digits.
 */
public final class Ids {
  private final Region region;
  private final RandomGenerator random;

  public Ids(Region region, RandomGenerator random) {
    this.region = region;
    this.random = random;
  }

  public String regional() {
    return region.code() + "-" + uuid();
  }

  public String instance(Zone zone) {
    return zone.code() + "_" + uuid();
  }

  public String zonal(Zone zone) {
    return zone.code() + "-" + uuid();
  }

  public String resourceGroup() {
    var bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * A time-ordered UUID (version 7: the milliseconds of {@code at}, then random bits), for rows
   * written in time order: it lands at the end of an index instead of anywhere in it.
   */
  public String timeOrderedUuid(Instant at) {
    long millis = at.toEpochMilli();
    return new UUID(
            (millis << 16) | 0x7000L | (random.nextInt() & 0xFFFL),
            (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
        .toString();
  }

  /** A random UUID v4 from the deployment's random source. */
  public String uuid() {
    return new UUID(
            (random.nextLong() & ~0xF000L) | 0x4000L,
            (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
        .toString();
  }
}
