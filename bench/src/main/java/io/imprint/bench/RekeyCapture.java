package io.imprint.bench;

import static io.imprint.bench.Report.gib;
import static io.imprint.bench.Report.mbps;
import static io.imprint.bench.Report.ms;
import static io.imprint.bench.Report.out;
import static io.imprint.bench.Report.percent;
import static io.imprint.bench.Report.rate;
import static io.imprint.bench.Report.seconds;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bench capture --rekey}: a capture under another root key, which re-encrypts every
 * written chunk ({@code DiskService.reencrypt}). Two root keys A and B are made in the server's Key
 * Protect; an instance's 100 GB boot volume is encrypted under A, the instance is stopped, the data
 * is written into it, and {@code POST /v1/images} with {@code encryption_key} = B is timed to
 * {@code available}: MB/s of the written bytes.
 *
 * <p>Baseline, same run: {@code cp} of a file of as many random bytes on the data dir's file
 * system, then {@code sync} ({@link Commands#cp}, as bin/bench disks does). The sync is what makes
 * it fair: the re-encryption forces every blob it writes to the disk before it maps it (the blob
 * store's publish), so a cp that left its copy in the page cache would measure memory. The cp's
 * source was just written, so it is read from the page cache; so that the capture reads its blobs
 * from memory too, the volume is read back once (GET …/content) right before it. Blocks just freed
 * are written faster on these virtual disks than blocks not written lately (see bin/bench disks),
 * so an unmeasured cp lays the blocks out, the measured cp reuses them, and the capture writes
 * where the measured cp and the source were deleted.
 *
 * <p>The capture job's progress ({@code GET /imprint/v1/images/{id}/capture}) is read at every poll
 * of the image (every 50 ms: a run of tens of seconds needs no finer clock, and the polls take less
 * of the two cores the job uses); the bench reports how many different {@code bytes_done} it saw
 * and whether they only grew.
 */
final class RekeyCapture {
  private static final double TARGET = 0.70;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final CaptureBench bench;
  private final ApiSession api;
  private final Scratch scratch;
  private final Report report;
  private final long written;

  RekeyCapture(CaptureBench bench, ApiSession api, Scratch scratch, Report report, long written) {
    this.bench = bench;
    this.api = api;
    this.scratch = scratch;
    this.report = report;
    this.written = written;
  }

  void measure(String stockId, String subnetId) throws IOException {
    long i0 = System.nanoTime();
    var keyA = api.createKey("bench-rekey-key-a");
    var keyB = api.createKey("bench-rekey-key-b");
    var instance = api.createInstance("bench-rekey", stockId, subnetId, keyA.crn());
    api.forceStop(instance);
    api.awaitInstance(instance.id(), "stopped");
    out("");
    out(
        "setup: root keys A and B made, an instance from %s with its 100 GB boot volume under A created and force-stopped in %s s",
        ApiSession.STOCK_IMAGE, seconds((System.nanoTime() - i0) / 1e9));
    bench.writeVolume(instance.volumeId(), written, "the boot volume (under key A)");
    bench.readVolume(instance.volumeId(), Math.min(written, 1L << 30));

    // baseline
    out("");
    var source = scratch.dir().resolve("source.bin");
    var target = scratch.dir().resolve("target.bin");
    long generated = new RandomData(5).writeFile(source, written);
    Commands.run("sync");
    long layout = Commands.cp(source, target);
    long cpNanos = Commands.cp(source, target);
    Scratch.delete(source);
    Commands.run("sync");
    double cpRate = mbps(written, cpNanos);
    out(
        "baseline: cp of a %s file of random data + sync: %s s = %s MB/s (the source written and fsynced at %s MB/s just"
            + " before, so read from the page cache; an unmeasured cp + sync before it, which laid the blocks out: %s MB/s)",
        gib(written),
        seconds(cpNanos / 1e9),
        rate(cpRate),
        rate(mbps(written, generated)),
        rate(mbps(written, layout)));
    double readRate = bench.readRange(instance.volumeId(), written);
    out(
        "setup: the %s of the volume read back once with GET …/content (Range) at %s MB/s, so that the capture finds"
            + " its blobs in the page cache as the cp found its source",
        gib(written), rate(readRate));

    // the capture under key B
    out("");
    out(
        "capture of the boot volume under key A with encryption_key = key B (re-encryption of %s; the image and its job"
            + " polled every %d ms)",
        gib(written), TimeUnit.NANOSECONDS.toMillis(POLL_NANOS));
    var c =
        bench.capture(
            instance.volumeId(), "bench-rekey-image", keyB.crn(), POLL_NANOS, TIMEOUT, true);
    var imageKey = c.image().path("encryption_key").path("crn").asText();
    if (!imageKey.equals(keyB.crn())
        || !c.image().path("encryption").asText().equals("user_managed")) {
      throw new BenchException(
          "the image is not under key B: "
              + c.image().path("encryption").asText()
              + " "
              + imageKey);
    }
    double rekeyRate = mbps(written, (long) (c.availableMs() * 1e6));
    var started = Instant.parse(c.job().path("started_at").asText());
    var updated = Instant.parse(c.job().path("updated_at").asText());
    double jobRate = mbps(written, Duration.between(started, updated).toNanos());
    out(
        "  POST answered in %s ms; available after %s s = %s MB/s of the %s written = %s of cp + sync; the job ran"
            + " %s s (started_at → updated_at) = %s MB/s; it says %,d of %,d bytes",
        ms(c.postMs()),
        seconds(c.availableMs() / 1e3),
        rate(rekeyRate),
        gib(written),
        percent(rekeyRate, cpRate),
        seconds(c.jobMs() / 1e3),
        rate(jobRate),
        c.job().path("bytes_done").asLong(),
        c.job().path("bytes_total").asLong());
    var progress = c.progress();
    long distinct = progress.stream().distinct().count();
    boolean monotonic = isMonotonic(progress);
    out(
        "  progress: %d polls while pending saw %d different bytes_done (%s), %s",
        progress.size(),
        distinct,
        progress.isEmpty()
            ? "-"
            : String.format("first %s, last %s", gib(progress.getFirst()), gib(progress.getLast())),
        monotonic ? "never decreasing" : "DECREASING at some poll");
    report.target(
        rekeyRate >= TARGET * cpRate && monotonic,
        "capture under another root key, %s re-encrypted: %s MB/s = %s of cp + sync (%s MB/s, same run);"
            + " progress seen %d times, %s (target >= %s)",
        gib(written),
        rate(rekeyRate),
        percent(rekeyRate, cpRate),
        rate(cpRate),
        distinct,
        monotonic ? "monotonic" : "not monotonic",
        percent(TARGET, 1));
  }

  private static boolean isMonotonic(List<Long> values) {
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) < values.get(i - 1)) {
        return false;
      }
    }
    return true;
  }
}
