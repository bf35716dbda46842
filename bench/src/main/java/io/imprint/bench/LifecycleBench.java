package io.imprint.bench;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.VirtualClock;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.disk.MasterKey;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.image.ImageService;
import io.imprint.core.app.image.LifecycleTask;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.app.resourcegroup.ResourceGroupService;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.event.ActivityEvent;
import io.imprint.core.domain.event.Initiator;
import io.imprint.core.domain.image.AllowedUse;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.region.Region;
import io.imprint.store.blob.LocalBlobStore;
import io.imprint.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bin/bench lifecycle}: N images (default 100,000) whose {@code deprecation_at} falls due at
 * the same moment. A virtual clock is moved past that moment and the lifecycle task runs on the
 * real job engine; the figure is the time until every image is deprecated, and exactly-once is
 * proved by counting the transition events per image. Baseline, same run: the time to read every
 * image once through the store.
 */
public final class LifecycleBench {
  private LifecycleBench() {}

  public static void main(String[] args) {
    BenchMain.main(
        args,
        LifecycleBench::images,
        "usage: bin/bench lifecycle [--images N]",
        count ->
            () -> {
              var dir = Files.createTempDirectory("imprint-bench-lifecycle");
              try {
                run(dir, count);
              } finally {
                try (var walk = Files.walk(dir)) {
                  walk.sorted(java.util.Comparator.reverseOrder())
                      .forEach(p -> p.toFile().delete());
                }
              }
            });
  }

  /**
   * {@code --images N}, 100,000 by default; {@code --root} comes from bin/bench and is not needed
   * here.
   */
  private static int images(String[] args) {
    var options = BenchMain.options(args, "--root", "--images");
    return options.containsKey("--images")
        ? BenchMain.intIn("--images", options.get("--images"), 1_000, 10_000_000)
        : 100_000;
  }

  private static void run(Path dir, int count) throws Exception {
    var clock = new VirtualClock(InstantSource.system());
    var deployment =
        new Deployment(
            Region.of("us-south", 3),
            Seeder.ACCOUNT_ID,
            "811f8abfbd32425597dc7ba40da98fa6",
            clock,
            new SecureRandom());
    try (var store = JdbcStore.sqlite(dir.resolve("imprint.db"))) {
      var events = new EventRecorder(store, deployment);
      var group = new ResourceGroupService(store, deployment, events).ensureDefaultResourceGroup();
      var due = clock.instant().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
      long seed0 = System.nanoTime();
      for (int from = 0; from < count; from += 5000) {
        int n = Math.min(5000, count - from);
        int base = from;
        store.write(
            tx -> {
              for (int i = 0; i < n; i++) {
                tx.images()
                    .insert(
                        new Image(
                            deployment.ids().regional(),
                            String.format("due-%06d", base + i),
                            new Image.State(ImageStatus.AVAILABLE, List.of(), due, null),
                            new Image.Owner(
                                Image.Visibility.PRIVATE, Seeder.ACCOUNT_ID, group.id(), false),
                            new Image.File(1, "0".repeat(64), 100, "none", null),
                            new Image.Origin(
                                "debian-12-amd64",
                                "cloud_init",
                                null,
                                AllowedUse.unconstrained("2026-03-24")),
                            deployment.now(),
                            0));
              }
              return null;
            });
      }
      double seedSeconds = (System.nanoTime() - seed0) / 1e9;

      long read0 = System.nanoTime();
      int[] read = {0};
      long after = 0;
      while (true) {
        var position = after;
        var page =
            store.read(
                tx -> tx.images().list(null, new PageRequest(PageRequest.MAX_LIMIT, position)));
        read[0] += page.items().size();
        if (!page.hasNext()) {
          break;
        }
        after = page.nextAfter();
      }
      double readSeconds = (System.nanoTime() - read0) / 1e9;

      var transitions = new AtomicInteger();
      var perImage = new ConcurrentHashMap<String, AtomicInteger>();
      // told after each commit, so a transition counts only once its event is in the outbox
      events.onCommitted(
          committed -> committed.forEach(e -> countTransition(e, transitions, perImage)));
      var disks =
          new DiskService(
              store,
              new LocalBlobStore(dir.resolve("blobs")),
              new MasterKey(new byte[32]),
              deployment);
      var jobs =
          new JobRunner(
              store,
              deployment,
              InstantSource.system(),
              1,
              Duration.ofSeconds(10),
              Duration.ofSeconds(1));
      var images =
          new ImageService(
              store, deployment, new Catalog(), disks, jobs, dir.resolve("import"), events);
      LifecycleTask.register(jobs, images.lifecycle(), Duration.ofSeconds(1), List.of());
      clock.onChange(jobs::clockMoved);
      jobs.start();
      try (jobs) {
        // the first run (at registration: nothing due yet) is over before the clock moves
        jobs.runDueNow();
        long t0 = System.nanoTime();
        clock.set(due.plusMillis(1));
        // the engine's worker runs the task; this thread only watches the count, as a client would
        while (transitions.get() < count && System.nanoTime() - t0 < 600_000_000_000L) {
          Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // a second run, if any, would announce a transition twice: let it come and finish
        jobs.runDueNow();
        long deprecated =
            store.read(
                tx ->
                    tx.images()
                        .count(
                            new io.imprint.core.port.ImageRepository.Query(
                                new io.imprint.core.domain.image.ImageFilter(
                                    Set.of(ImageStatus.DEPRECATED),
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null),
                                Seeder.ACCOUNT_ID)));
        long twice = perImage.values().stream().filter(c -> c.get() > 1).count();
        System.out.printf(
            "lifecycle: %,d images due at the same moment (seeded in %.1f s)%n",
            count, seedSeconds);
        System.out.printf(
            "  baseline: read every image once through the store: %.2f s (%,d images)%n",
            readSeconds, read[0]);
        System.out.printf(
            "  all transitioned (available -> deprecated) in %.2f s = %.1f x the baseline read; %,.0f transitions/s%n",
            seconds, seconds / readSeconds, count / seconds);
        System.out.printf(
            "  exactly once: %,d transition events for %,d images, %,d images with more than one, %,d deprecated in the store%n",
            transitions.get(), perImage.size(), twice, deprecated);
        System.out.printf(
            "  target < 5 s: %s%n",
            seconds < 5 && transitions.get() == count && twice == 0 && deprecated == count
                ? "PASS"
                : "FAIL");
      }
    }
  }

  private static void countTransition(
      ActivityEvent event, AtomicInteger total, ConcurrentHashMap<String, AtomicInteger> perImage) {
    if (event.action().equals("is.image.image.deprecate")
        && event.initiator().id().equals(Initiator.SYSTEM)) {
      total.incrementAndGet();
      perImage.computeIfAbsent(event.target().crn(), k -> new AtomicInteger()).incrementAndGet();
    }
  }
}
