package io.imprint.bench;

import io.imprint.core.app.common.Ids;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.image.AllowedUse;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.region.Region;
import io.imprint.core.port.ResourceGroupRepository;
import io.imprint.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes custom images straight into a stopped server's SQLite store: what a year of an account's
 * image builds looks like, most of them available, some deprecated, obsolete or failed. The random
 * source is fixed, so every run seeds the same mix.
 */
final class Seeder {
  static final String ACCOUNT_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  static final String NAME_PREFIX = "bench-";
  static final int TRANSACTION_SIZE = 5_000;

  /** What was seeded: how many images of each status, and how long it took. */
  record Result(int images, int transactions, long nanos, int deprecated) {}

  private Seeder() {}

  static Result seed(Path databaseFile, int count) {
    var random = new SplittableRandom(20260324L);
    var ids = new Ids(Region.of("us-south", 3), random);
    var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    var firstCreated = now.minus(Duration.ofDays(365));
    long spacingMillis = Math.max(1, Duration.ofDays(365).toMillis() / count);
    var hex = HexFormat.of();
    int deprecated = 0;
    int transactions = 0;
    long t0 = System.nanoTime();
    try (var store = JdbcStore.sqlite(databaseFile)) {
      var groups =
          store.read(
              tx ->
                  tx.resourceGroups()
                      .list(new ResourceGroupRepository.Filter(null, true), PageRequest.first(1))
                      .items());
      if (groups.isEmpty()) {
        throw new BenchException(
            "the data dir has no default resource group: did the server start on it?");
      }
      var groupId = groups.getFirst().id();
      var batch = new Image[TRANSACTION_SIZE];
      for (int from = 0; from < count; from += TRANSACTION_SIZE) {
        int size = Math.min(TRANSACTION_SIZE, count - from);
        for (int j = 0; j < size; j++) {
          int n = from + j + 1;
          var status = status(random.nextInt(100));
          if (status == ImageStatus.DEPRECATED) {
            deprecated++;
          }
          var created = firstCreated.plusMillis(n * spacingMillis);
          boolean hasContent = status != ImageStatus.FAILED;
          var sha = new byte[32];
          random.nextBytes(sha);
          int sizeGb = 1 + random.nextInt(40);
          batch[j] =
              new Image(
                  ids.regional(),
                  String.format("%s%06d", NAME_PREFIX, n),
                  new Image.State(
                      status,
                      List.of(),
                      status == ImageStatus.DEPRECATED || status == ImageStatus.OBSOLETE
                          ? earliest(created.plus(Duration.ofDays(30)), now)
                          : null,
                      status == ImageStatus.OBSOLETE
                          ? earliest(created.plus(Duration.ofDays(60)), now)
                          : null),
                  new Image.Owner(Image.Visibility.PRIVATE, ACCOUNT_ID, groupId, false),
                  new Image.File(
                      hasContent ? sizeGb : null,
                      hasContent ? hex.formatHex(sha) : null,
                      hasContent ? Math.max(10, sizeGb) : null,
                      "none",
                      null),
                  new Image.Origin(
                      "debian-12-amd64",
                      "cloud_init",
                      null,
                      AllowedUse.unconstrained("2026-03-24")),
                  created,
                  0);
        }
        store.write(
            tx -> {
              for (int j = 0; j < size; j++) {
                tx.images().insert(batch[j]);
              }
              return null;
            });
        transactions++;
      }
    }
    return new Result(count, transactions, System.nanoTime() - t0, deprecated);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** 70 % available, 15 % deprecated, 10 % obsolete, 5 % failed. */
  private static ImageStatus status(int percentile) {
    if (percentile < 70) {
      return ImageStatus.AVAILABLE;
    }
    if (percentile < 85) {
      return ImageStatus.DEPRECATED;
    }
    if (percentile < 95) {
      return ImageStatus.OBSOLETE;
    }
    return ImageStatus.FAILED;
  }
}
