package io.imprint.bench;

import static io.imprint.bench.Report.gib;
import static io.imprint.bench.Report.mbps;
import static io.imprint.bench.Report.median;
import static io.imprint.bench.Report.ms;
import static io.imprint.bench.Report.out;
import static io.imprint.bench.Report.percent;
import static io.imprint.bench.Report.rate;
import static io.imprint.bench.Report.ratio;
import static io.imprint.bench.Report.seconds;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.disk.BlobCipher;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.disk.MasterKey;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.region.Region;
import io.imprint.core.port.BlobStore;
import io.imprint.store.blob.LocalBlobStore;
import io.imprint.store.jdbc.JdbcStore;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code bin/bench disks}: the data plane in process, on the real classes the server uses ({@link
 * DiskService} over {@link JdbcStore#sqlite SQLite} and a {@link LocalBlobStore} in a temporary
 * directory under /tmp). Three figures, each with a baseline measured in the same run:
 *
 * <ol>
 *   <li>the clone of a 100 GiB disk with 10 GiB written (2,560 chunks), against the clone of a disk
 *       with 1 chunk;
 *   <li>the upload and the full read of a 4 GiB file of random data, against {@code cp} of that
 *       file and {@code sync} alternating with them (see {@link #copy}), and each again without the
 *       device: the upload's blobs dropped, the read to a null sink;
 *   <li>AES-256-GCM seal + SHA-256 of 4 MiB buffers in memory on 1 and 2 threads, against {@code
 *       System.arraycopy}.
 * </ol>
 *
 * It reports and exits 0 whatever the numbers; a non-zero exit means the benchmark itself could not
 * run.
 */
public final class DisksBench {
  private static final String USAGE =
      "usage: bin/bench disks [--written-gib N] [--upload-gib N] [--clones N] [--rounds N] [--segment-ms N]";
  private static final long GIB = 1L << 30;
  private static final int CHUNK = Disk.CHUNK_SIZE;
  private static final long CAPACITY = 100 * GIB;
  private static final double CLONE_TARGET_S = 1.0;
  private static final double COPY_TARGET = 0.70;

  /** Room left free on /tmp besides what the run writes. */
  private static final long SPACE_MARGIN = 2 * GIB;

  record Options(Path root, long written, long upload, int clones, int rounds, int segmentMillis) {
    static Options parse(String[] args) {
      Path root = null;
      long written = 10 * GIB;
      long upload = 4 * GIB;
      int clones = 5;
      int rounds = 5;
      int segmentMillis = 500;
      for (var option :
          BenchMain.options(
                  args,
                  "--root",
                  "--written-gib",
                  "--upload-gib",
                  "--clones",
                  "--rounds",
                  "--segment-ms")
              .entrySet()) {
        var name = option.getKey();
        var value = option.getValue();
        switch (name) {
          case "--root" -> root = Path.of(value).toAbsolutePath().normalize();
          case "--written-gib" -> written = BenchMain.intIn(name, value, 1, 100) * GIB;
          case "--upload-gib" -> upload = BenchMain.intIn(name, value, 1, 64) * GIB;
          case "--clones" -> clones = BenchMain.intIn(name, value, 1, 100);
          case "--rounds" -> rounds = BenchMain.intIn(name, value, 1, 20);
          case "--segment-ms" -> segmentMillis = BenchMain.intIn(name, value, 50, 60_000);
          default -> throw new IllegalStateException("an option without a case: " + name);
        }
      }
      return new Options(root, written, upload, clones, rounds, segmentMillis);
    }
  }

  private final Options options;
  private final Report report = new Report();
  private Scratch scratch;
  private JdbcStore store;
  private LocalBlobStore blobs;
  private MasterKey masterKey;
  private Deployment deployment;
  private DiskService disks;

  private DisksBench(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchMain.main(args, Options::parse, USAGE, options -> new DisksBench(options)::run);
  }

  private void run() throws IOException {
    scratch = new Scratch("imprint-bench-disks-");
    try {
      measure();
    } catch (RuntimeException e) {
      // after Ctrl-C the shutdown hook has closed the store under the running code: report that,
      // not what it broke
      throw scratch.isClosed() && !(e instanceof BenchException)
          ? new BenchException("stopped", e)
          : e;
    } finally {
      scratch.close();
    }
  }

  private void measure() throws IOException {
    long started = System.nanoTime();
    var dir = scratch.dir();
    long written = options.written();
    long upload = options.upload();
    // peak use: the written disk's blobs (part 1, freed before part 2), then the source file, an
    // upload's blobs and a
    // second copy (the cp target or the read-back file) at once
    long usable = scratch.usableBytes();
    long need = Math.max(written, 3 * upload) + SPACE_MARGIN;
    var notes = new ArrayList<String>();
    if (usable < need) {
      long room = Math.max(0, usable - SPACE_MARGIN);
      long fitWritten = Math.min(written, room / GIB * GIB);
      long fitUpload = Math.min(upload, room / 3 / GIB * GIB);
      if (fitWritten < GIB || fitUpload < GIB) {
        throw new BenchException(
            String.format(
                Locale.ROOT,
                "only %s free under %s: the benchmark needs at least %s",
                gib(usable),
                dir.getParent(),
                gib(3 * GIB + SPACE_MARGIN)));
      }
      notes.add(
          String.format(
              Locale.ROOT,
              "note: only %s free under %s, so the run is SCALED DOWN: %s written instead of %s,"
                  + " an upload of %s instead of %s; the clone and rate figures scale, compare them with care",
              gib(usable),
              dir.getParent(),
              gib(fitWritten),
              gib(written),
              gib(fitUpload),
              gib(upload)));
      written = fitWritten;
      upload = fitUpload;
    }

    out(
        "Imprint disks benchmark: the data plane in process (DiskService, SQLite store, local blob store); JDK %s; %d CPUs",
        Runtime.version(), Runtime.getRuntime().availableProcessors());
    out(
        "scratch: %s (%s free); CPU AES/SHA features: %s; sizes are GiB/MiB (2^30/2^20), rates MB/s (10^6 B/s)",
        dir, gib(usable), cpuFeatures());
    notes.forEach(Report::out);
    var loadAtStart = Report.loadAverage();

    store = JdbcStore.sqlite(dir.resolve("data/imprint.db"));
    scratch.onClose(store::close);
    blobs = new LocalBlobStore(dir.resolve("data/blobs"));
    var key = new byte[32];
    new SecureRandom().nextBytes(key);
    masterKey = new MasterKey(key);
    deployment =
        new Deployment(
            Region.of("us-south", 3),
            "a1b2c3d4e5f60718293a4b5c6d7e8f90",
            "811f8abfbd32425597dc7ba40da98fa6",
            InstantSource.system(),
            new SecureRandom());
    disks = new DiskService(store, blobs, masterKey, deployment);

    jitWarmUp();
    clone(written);
    copy(upload);
    pipeline();

    out("");
    out(
        "machine: 1-min load average %s at the start, %s at the end, on %d CPUs; the run took %s s",
        loadAtStart,
        Report.loadAverage(),
        Runtime.getRuntime().availableProcessors(),
        seconds((System.nanoTime() - started) / 1e9));
    report.printTargets();
  }

  // JIT
  // -------------------------------------------------------------------------------------------------------------

  /**
   * A fresh JVM runs AES-GCM in plain Java until C2 compiles it, which takes thousands of calls:
   * with 4 MiB chunks, the first tens of GB. The figures below are for a warm data plane, warmed as
   * every server start warms it ({@link DiskService#warmUp}); the cold rate is measured on a few
   * chunks beforehand.
   */
  private void jitWarmUp() {
    var cipher = new BlobCipher();
    var key = new byte[32];
    var buffer = new byte[CHUNK + BlobCipher.OVERHEAD];
    System.arraycopy(new RandomData(7).bytes(CHUNK), 0, buffer, BlobCipher.HEADER, CHUNK);
    var blobId = UUID.randomUUID().toString();
    long[] cold = sealAndOpen(cipher, key, blobId, buffer);
    long t0 = System.nanoTime();
    disks.warmUp();
    long warmNanos = System.nanoTime() - t0;
    long[] warm = sealAndOpen(cipher, key, blobId, buffer);
    long bytes = (long) WARM_CALLS * CHUNK;
    out("");
    out(
        "JIT: AES-256-GCM of 4 MiB in place (as the data plane seals and opens) in this fresh JVM: seal %s MB/s, open %s MB/s"
            + " (first %d calls each; plain Java until C2 compiles the intrinsic)",
        rate(mbps(bytes, cold[0])), rate(mbps(bytes, cold[1])), WARM_CALLS);
    out(
        "     DiskService.warmUp, as at every server start: %s s; then seal %s MB/s, open %s MB/s; every figure below is warm",
        seconds(warmNanos / 1e9), rate(mbps(bytes, warm[0])), rate(mbps(bytes, warm[1])));
  }

  private static final int WARM_CALLS = 4;

  /**
   * Nanoseconds of {@link #WARM_CALLS} in-place seals, then as many opens, of the 4 MiB chunk in
   * {@code buffer}.
   */
  private static long[] sealAndOpen(BlobCipher cipher, byte[] key, String blobId, byte[] buffer) {
    long seal = 0;
    long open = 0;
    for (int i = 0; i < WARM_CALLS; i++) {
      long t0 = System.nanoTime();
      int sealed = cipher.sealInPlace(key, blobId, buffer, CHUNK);
      long t1 = System.nanoTime();
      cipher.openInPlace(key, blobId, buffer, sealed);
      seal += t1 - t0;
      open += System.nanoTime() - t1;
    }
    return new long[] {seal, open};
  }

  // 1. clone
  // -------------------------------------------------------------------------------------------------------

  private void clone(long written) throws IOException {
    int chunks = (int) (written / CHUNK);
    out("");
    out(
        "1. clone of a %s disk with %s of random data written (%,d chunks of 4 MiB); baseline: the clone of a %s disk with 1 chunk",
        gib(CAPACITY), gib(written), chunks, gib(CAPACITY));

    var generator = new RandomData(1);
    long genNanos = generatorRate(generator);

    createDisk("clone-source");
    long t0 = System.nanoTime();
    long step = GIB;
    var perCall = new ArrayList<Double>();
    try (var in = generator.stream(written)) {
      for (long offset = 0; offset < written; offset += step) {
        long c0 = System.nanoTime();
        long n = Math.min(step, written - offset);
        disks.write("clone-source", offset, n, in, false);
        perCall.add(mbps(n, System.nanoTime() - c0));
      }
    }
    long writeNanos = System.nanoTime() - t0;
    long stored = disks.storedBytes("clone-source");
    if (stored != written) {
      throw new BenchException(
          "the source disk stores " + stored + " bytes after writing " + written);
    }
    out(
        "  writing the source: %s in %s s = %s MB/s, %,.0f chunks/s (DiskService.write in 1 GiB calls from a generator"
            + " that alone makes %s MB/s; every blob fsynced)",
        gib(written),
        seconds(writeNanos / 1e9),
        rate(mbps(written, writeNanos)),
        chunks / (writeNanos / 1e9),
        rate(mbps(256L << 20, genNanos)));
    out(
        "  (MB/s of each 1 GiB call, in order: %s)",
        String.join(", ", perCall.stream().map(Report::rate).toList()));

    createDisk("clone-one");
    disks.write("clone-one", 0, CHUNK, new RandomData(2).stream(CHUNK), false);

    // warm-up: the clone and delete statements, on the small disk
    for (int i = 0; i < 3; i++) {
      cloneOnce("clone-one", "clone-warm-" + i);
      deleteDisk("clone-warm-" + i);
    }
    var small = new ArrayList<Double>();
    var big = new ArrayList<Double>();
    var deletes = new ArrayList<Double>();
    var smallDeletes = new ArrayList<Double>();
    // baseline and measured clones alternate, so that a burst of load elsewhere falls on both
    // alike; each clone is
    // deleted before the next, so that every clone starts from the same state
    for (int i = 0; i < options.clones(); i++) {
      small.add(cloneOnce("clone-one", "clone-small-" + i) / 1e6);
      smallDeletes.add(deleteDisk("clone-small-" + i) / 1e6);
      big.add(cloneOnce("clone-source", "clone-big-" + i) / 1e6);
      if (disks.storedBytes("clone-big-" + i) != written) {
        throw new BenchException("the clone does not store what its source stores");
      }
      deletes.add(deleteDisk("clone-big-" + i) / 1e6);
    }
    double smallMs = median(small);
    double bigMs = median(big);
    out(
        "  %-52s median %8s ms  (%s)",
        "clone of the 1-chunk disk (baseline)", ms(smallMs), Report.list(small));
    out(
        "  %-52s median %8s ms  (%s) = %s baseline",
        "clone of the " + gib(written) + " disk",
        ms(bigMs),
        Report.list(big),
        ratio(bigMs, smallMs));
    out(
        "  %-52s %,.0f rows/s; %.1f µs per row beyond the baseline's fixed cost",
        "chunk rows copied",
        chunks / (bigMs / 1e3),
        (bigMs - smallMs) * 1e3 / Math.max(1, chunks - 1));
    double smallDeleteMs = median(smallDeletes);
    double deleteMs = median(deletes);
    out(
        "  %-52s median %8s ms  (%s)",
        "delete of the 1-chunk clone (baseline)", ms(smallDeleteMs), Report.list(smallDeletes));
    out(
        "  %-52s median %8s ms  (%s) = %s baseline, %s the clone",
        "delete of a " + gib(written) + " clone",
        ms(deleteMs),
        Report.list(deletes),
        ratio(deleteMs, smallDeleteMs),
        ratio(deleteMs, bigMs));
    out(
        "  %-52s (the blobs stay, the source holds them: this is the chunk rows and their reference counts only)",
        "");
    report.target(
        bigMs / 1e3 < CLONE_TARGET_S,
        "clone of a %s disk with %s written = %s s = %s the clone of a 1-chunk disk (target < %s s)",
        gib(CAPACITY),
        gib(written),
        seconds(bigMs / 1e3),
        ratio(bigMs, smallMs),
        seconds(CLONE_TARGET_S));

    long f0 = System.nanoTime();
    deleteDisk("clone-source");
    deleteDisk("clone-one");
    out(
        "  %-52s %s s (the disk rows, then %,d blob files and rows reclaimed)",
        "freeing the source disk", seconds((System.nanoTime() - f0) / 1e9), chunks + 1);
  }

  private long generatorRate(RandomData generator) {
    var buffer = new byte[CHUNK];
    for (int i = 0; i < 32; i++) {
      generator.fill(buffer, 0, CHUNK);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < 64; i++) {
      generator.fill(buffer, 0, CHUNK);
    }
    return System.nanoTime() - t0;
  }

  private void createDisk(String id) {
    store.write(tx -> disks.createDisk(tx, id, CAPACITY));
  }

  private long cloneOnce(String source, String target) {
    long t0 = System.nanoTime();
    store.write(tx -> disks.cloneDisk(tx, source, target, CAPACITY));
    return System.nanoTime() - t0;
  }

  /** Deletes a disk and reclaims its blobs that nothing else refers to; returns the nanoseconds. */
  private long deleteDisk(String id) {
    long t0 = System.nanoTime();
    store.write(
        tx -> {
          disks.deleteDisk(tx, id);
          return null;
        });
    disks.reclaim();
    return System.nanoTime() - t0;
  }

  // 2. upload and full read
  // ------------------------------------------------------------------------------------------

  /**
   * Upload and full read against {@code cp}. The virtual disks of these machines write blocks that
   * were not written lately at a third or less of the speed of blocks just freed ({@code dd} of a 4
   * GiB file with fsync: 8–10 s onto fresh blocks, 3–4 s right after deleting a file of that size;
   * reproduced without Java). Which step happens to land on fresh blocks would decide the ratio
   * more than the code does, so each phase starts with an unmeasured {@code cp} that lays the
   * blocks out, and then every measured step writes where the one before it freed, a baseline
   * {@code cp} alternating with the step it is the baseline of.
   */
  private void copy(long size) throws IOException {
    var dir = scratch.dir();
    int rounds = options.rounds();
    out("");
    out(
        "2. upload and full read of %s of random data, %d rounds; baseline: `cp` of the same file on the same file system, then"
            + " `sync`, alternating with the measured step",
        gib(size), rounds);
    var source = dir.resolve("source.bin");
    long genNanos = new RandomData(3).writeFile(source, size);
    out(
        "  (the source file was written and fsynced at %s MB/s; it stays in the page cache, as there is RAM for it: cp and the"
            + " upload read it from memory. Dropping the cache needs root, so every figure here is with a warm source. GNU cp 9"
            + " copies inside the kernel (copy_file_range) where it can: no pass through user space)",
        rate(mbps(size, genNanos)));
    out(
        "  (this machine's disk writes blocks not written lately at a third of the speed of blocks just freed, whoever writes"
            + " them: each phase starts with a cp whose time is not counted, which lays the blocks out, and each measured step"
            + " then writes where the step before it freed)");
    Commands.run("sync");
    var target = dir.resolve("target.bin");

    // upload: delete the last round's disk, cp, upload; the cp reuses the blocks the blobs freed,
    // the upload those of
    // the cp
    long layoutUpload = Commands.cp(source, target);
    var uploadCps = new ArrayList<Long>();
    var uploads = new ArrayList<Long>();
    String kept = null;
    for (int round = 0; round < rounds; round++) {
      if (kept != null) {
        deleteDisk(kept);
        Commands.run("sync");
      }
      uploadCps.add(Commands.cp(source, target));
      var diskId = "upload-" + round;
      createDisk(diskId);
      long t0 = System.nanoTime();
      try (var in = new FileInputStream(source.toFile())) {
        disks.write(diskId, 0, size, in, true);
      }
      uploads.add(System.nanoTime() - t0);
      if (disks.storedBytes(diskId) != size) {
        throw new BenchException(
            "the uploaded disk stores " + disks.storedBytes(diskId) + " bytes, not " + size);
      }
      kept = diskId;
    }

    // full read of the last uploaded disk: read to a file, cp, each deleting its target for the
    // next
    long layoutRead = Commands.cp(source, target);
    var readCps = new ArrayList<Long>();
    var reads = new ArrayList<Long>();
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      try (var fileOut = new FileOutputStream(target.toFile())) {
        disks.read(kept, 0, size, fileOut);
        fileOut.getFD().sync();
      }
      reads.add(System.nanoTime() - t0);
      verifySame(source, target, size);
      Scratch.delete(target);
      Commands.run("sync");
      readCps.add(Commands.cp(source, target));
    }

    long javaCopyNanos = javaCopy(source, target);
    Scratch.delete(target);
    Commands.run("sync");
    long t0 = System.nanoTime();
    disks.read(kept, 0, size, OutputStream.nullOutputStream());
    long readNullNanos = System.nanoTime() - t0;
    long droppedNanos = uploadWithBlobsDropped(source, size);
    t0 = System.nanoTime();
    try (var in = new FileInputStream(source.toFile())) {
      var buffer = new byte[CHUNK];
      while (in.readNBytes(buffer, 0, CHUNK) > 0) {
        // dropped
      }
    }
    long plainReadNanos = System.nanoTime() - t0;

    double uploadCpMbps = medianRate(size, uploadCps);
    double readCpMbps = medianRate(size, readCps);
    double uploadMbps = medianRate(size, uploads);
    double readFileMbps = medianRate(size, reads);
    // each step against the cp next to it, which met the disk in the same state
    var uploadRatios = new ArrayList<Double>();
    var readRatios = new ArrayList<Double>();
    for (int round = 0; round < rounds; round++) {
      uploadRatios.add(uploadCps.get(round) / (double) uploads.get(round));
      readRatios.add(readCps.get(round) / (double) reads.get(round));
    }
    double uploadRatio = median(uploadRatios);
    double readRatio = median(readRatios);
    double readNullMbps = mbps(size, readNullNanos);
    out(
        "  %-66s %s s, %s s (not counted)",
        "cp + sync laying the blocks out, before each phase",
        seconds(layoutUpload / 1e9),
        seconds(layoutRead / 1e9));
    out(
        "  %-66s %8s MB/s  (%s)",
        "cp source target && sync, in the upload phase (median)",
        rate(uploadCpMbps),
        secondsList(uploadCps));
    out(
        "  %-66s %8s MB/s  (%s)",
        "upload: DiskService.write(replace) from a FileInputStream (median)",
        rate(uploadMbps),
        secondsList(uploads));
    out(
        "  %-66s %8s        (%s)",
        "  each against the cp before it", percent(uploadRatio, 1), percentList(uploadRatios));
    out(
        "  %-66s %8s MB/s  (%s)",
        "cp source target && sync, in the read phase (median)",
        rate(readCpMbps),
        secondsList(readCps));
    out(
        "  %-66s %8s MB/s  (%s)",
        "full read: DiskService.read to a FileOutputStream, then fsync (median)",
        rate(readFileMbps),
        secondsList(reads));
    out(
        "  %-66s %8s        (%s)",
        "  each against the cp after it", percent(readRatio, 1), percentList(readRatios));
    out("  where the time goes:");
    out(
        "  %-66s %8s MB/s  = %s of cp  (%s s)",
        "  the read's writer fed from the source file instead (Java copy + fsync)",
        rate(mbps(size, javaCopyNanos)),
        percent(mbps(size, javaCopyNanos), readCpMbps),
        seconds(javaCopyNanos / 1e9));
    out(
        "  %-66s %8s MB/s  = %s of the upload  (%s s)",
        "  upload with the blobs dropped, not written (CPU and metadata only)",
        rate(mbps(size, droppedNanos)),
        percent(mbps(size, droppedNanos), uploadMbps),
        seconds(droppedNanos / 1e9));
    out(
        "  %-66s %8s MB/s  = %s of the read to a file  (%s s)",
        "  full read to a null sink (no output file at all)",
        rate(readNullMbps),
        percent(readNullMbps, readFileMbps),
        seconds(readNullNanos / 1e9));
    out(
        "  %-66s %8s MB/s  (reference)",
        "  reading the source file to a null sink in Java (4 MiB reads)",
        rate(mbps(size, plainReadNanos)));
    report.target(
        uploadRatio >= COPY_TARGET,
        "upload of %s = %s MB/s = %s of cp + sync (median of %d rounds, each against its own"
            + " cp; target >= 70 %%)",
        gib(size),
        rate(uploadMbps),
        percent(uploadRatio, 1),
        rounds);
    report.target(
        readRatio >= COPY_TARGET,
        "full read of %s to a file + fsync = %s MB/s = %s of cp + sync (median of %d rounds,"
            + " each against its own cp; target >= 70 %%)",
        gib(size),
        rate(readFileMbps),
        percent(readRatio, 1),
        rounds);

    long f0 = System.nanoTime();
    deleteDisk(kept);
    out(
        "  (deleting the uploaded disk and reclaiming its %,d blobs: %s s)",
        size / CHUNK, seconds((System.nanoTime() - f0) / 1e9));
    Scratch.delete(source);
  }

  private static double medianRate(long size, List<Long> nanos) {
    return median(nanos.stream().map(n -> mbps(size, n)).toList());
  }

  private static String percentList(List<Double> ratios) {
    return String.join(", ", ratios.stream().map(r -> percent(r, 1)).toList());
  }

  /**
   * What the full read's writer costs by itself: the same FileOutputStream and fsync, fed from the
   * source file.
   */
  private static long javaCopy(Path source, Path target) throws IOException {
    long t0 = System.nanoTime();
    try (var in = new FileInputStream(source.toFile());
        var fileOut = new FileOutputStream(target.toFile())) {
      var buffer = new byte[CHUNK];
      for (int n; (n = in.readNBytes(buffer, 0, CHUNK)) > 0; ) {
        for (int at = 0; at < n; at += 64 << 10) {
          fileOut.write(buffer, at, Math.min(64 << 10, n - at));
        }
      }
      fileOut.getFD().sync();
    }
    return System.nanoTime() - t0;
  }

  private static String secondsList(List<Long> nanos) {
    return String.join(", ", nanos.stream().map(n -> seconds(n / 1e9) + " s").toList());
  }

  /**
   * The upload again, through a DiskService whose blob store drops every blob: reading the input,
   * SHA-256, AES-GCM and the chunk-map transactions, without the device. Against the real upload it
   * shows which of the two bounds it.
   */
  private long uploadWithBlobsDropped(Path source, long size) throws IOException {
    var dropping = new DiskService(store, new DroppingBlobStore(), masterKey, deployment);
    store.write(tx -> dropping.createDisk(tx, "dropped", CAPACITY));
    long t0 = System.nanoTime();
    try (var in = new FileInputStream(source.toFile())) {
      dropping.write("dropped", 0, size, in, true);
    }
    long nanos = System.nanoTime() - t0;
    store.write(
        tx -> {
          dropping.deleteDisk(tx, "dropped");
          return null;
        });
    dropping.reclaim();
    return nanos;
  }

  /**
   * A blob store that keeps nothing: for {@link #uploadWithBlobsDropped} only, which never reads
   * back.
   */
  private static final class DroppingBlobStore implements BlobStore {
    @Override
    public void put(String id, byte[] sealed) {}

    @Override
    public void publish(List<Blob> blobs) {}

    @Override
    public byte[] get(String id) {
      throw new IllegalStateException("the dropping blob store keeps nothing to read");
    }

    @Override
    public void delete(String id) {}

    @Override
    public void forEachId(Consumer<String> consumer) {}
  }

  /**
   * Compares the length and a few chunks (first, middle, last) of the read-back file with the
   * source.
   */
  private static void verifySame(Path source, Path copy, long size) throws IOException {
    if (Files.size(copy) != size) {
      throw new BenchException("the full read wrote " + Files.size(copy) + " bytes, not " + size);
    }
    try (var a = new RandomAccessFile(source.toFile(), "r");
        var b = new RandomAccessFile(copy.toFile(), "r")) {
      var x = new byte[CHUNK];
      var y = new byte[CHUNK];
      for (long offset : new long[] {0, size / 2 / CHUNK * CHUNK, size - CHUNK}) {
        a.seek(offset);
        a.readFully(x);
        b.seek(offset);
        b.readFully(y);
        if (!Arrays.equals(x, y)) {
          throw new BenchException(
              "the full read differs from the uploaded file at chunk " + offset / CHUNK);
        }
      }
    }
  }

  // 3. encrypt + hash pipeline
  // ----------------------------------------------------------------------------------------

  private enum Work {
    MEMCPY("System.arraycopy of 4 MiB (baseline)"),
    HASH("SHA-256 alone"),
    SEAL("AES-256-GCM seal alone"),
    PIPELINE("SHA-256 + AES-256-GCM seal (the write pipeline)");

    final String label;

    Work(String label) {
      this.label = label;
    }
  }

  private void pipeline() {
    int cores = Runtime.getRuntime().availableProcessors();
    var threadCounts = cores >= 2 ? List.of(1, 2) : List.of(1);
    int rounds = 3;
    long segment = options.segmentMillis() * 1_000_000L;
    out("");
    out(
        "3. the encrypt+hash pipeline alone, in memory on 4 MiB buffers (as DiskService: a MessageDigest and a BlobCipher.seal per"
            + " chunk); baseline: System.arraycopy of the same buffers; %d rounds of %s s per cell, alternating",
        rounds, seconds(options.segmentMillis() / 1e3));
    var cipher = new BlobCipher(); // one, shared by the threads, as DiskService shares its own
    var key = new byte[32];
    new SecureRandom().nextBytes(key);
    var works = Work.values();
    long[][] bytes = new long[works.length][threadCounts.size()];
    long[][] nanos = new long[works.length][threadCounts.size()];
    for (var work : works) {
      runWork(work, 1, cipher, key, segment); // warm-up: the JIT compiles the intrinsics
    }
    for (int round = 0; round < rounds; round++) {
      for (int w = 0; w < works.length; w++) {
        for (int t = 0; t < threadCounts.size(); t++) {
          var r = runWork(works[w], threadCounts.get(t), cipher, key, segment);
          bytes[w][t] += r[0];
          nanos[w][t] += r[1];
        }
      }
    }
    var header = new StringBuilder(String.format(Locale.ROOT, "  %-50s", "MB/s per core"));
    for (int t : threadCounts) {
      header.append(
          String.format(Locale.ROOT, "  %9s  %7s", t + " thread" + (t == 1 ? "" : "s"), "ratio"));
    }
    if (threadCounts.size() > 1) {
      header.append("  (2 threads: total MB/s)");
    }
    out(header.toString());
    double[] memcpy = new double[threadCounts.size()];
    for (int w = 0; w < works.length; w++) {
      var line = new StringBuilder(String.format(Locale.ROOT, "  %-50s", works[w].label));
      double total = 0;
      for (int t = 0; t < threadCounts.size(); t++) {
        total = mbps(bytes[w][t], nanos[w][t]);
        double perCore = total / threadCounts.get(t);
        if (w == 0) {
          memcpy[t] = perCore;
        }
        line.append(
            String.format(Locale.ROOT, "  %9s  %7s", rate(perCore), ratio(perCore, memcpy[t])));
      }
      if (threadCounts.size() > 1) {
        line.append(String.format(Locale.ROOT, "  (%s)", rate(total)));
      }
      out(line.toString());
    }
    int p = Work.PIPELINE.ordinal();
    double one = mbps(bytes[p][0], nanos[p][0]);
    out(
        "  the pipeline takes %s ms of one core per 4 MiB chunk: alone it would cap a single upload at %s MB/s",
        ms(CHUNK / (one * 1e6) * 1e3), rate(one));
  }

  /**
   * Runs {@code work} on {@code threads} threads for about {@code nanos}; returns {bytes,
   * nanoseconds}.
   */
  private static long[] runWork(Work work, int threads, BlobCipher cipher, byte[] key, long nanos) {
    var ready = new CountDownLatch(threads);
    var go = new CountDownLatch(1);
    long[] done = new long[threads];
    long[] ended = new long[threads];
    long[] until = new long[1];
    long[] start = new long[1];
    var list = new ArrayList<Thread>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      var data = new RandomData(100 + t);
      var buffers = new byte[][] {data.bytes(CHUNK), data.bytes(CHUNK)};
      var target = new byte[CHUNK];
      var blobId = UUID.randomUUID().toString();
      list.add(
          Thread.ofPlatform()
              .name("bench-pipeline-" + t)
              .start(
                  () -> {
                    ready.countDown();
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    long count = 0;
                    int sink = 0;
                    do {
                      var buffer = buffers[(int) (count & 1)];
                      switch (work) {
                        case MEMCPY -> {
                          System.arraycopy(buffer, 0, target, 0, CHUNK);
                          sink += target[(int) (count % CHUNK)];
                        }
                        case HASH -> sink += hashHex(buffer).length();
                        case SEAL -> sink += cipher.seal(key, blobId, buffer, CHUNK).length;
                        case PIPELINE ->
                            sink +=
                                hashHex(buffer).length()
                                    + cipher.seal(key, blobId, buffer, CHUNK).length;
                      }
                      count++;
                    } while (System.nanoTime() < until[0]);
                    done[me] = count * CHUNK + (sink == 42 ? 1 : 0);
                    ended[me] = System.nanoTime();
                  }));
    }
    try {
      ready.await();
      start[0] = System.nanoTime();
      until[0] = start[0] + nanos;
      go.countDown();
      for (var thread : list) {
        thread.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
    long total = 0;
    long end = start[0];
    for (int t = 0; t < threads; t++) {
      total += done[t] / CHUNK * CHUNK;
      end = Math.max(end, ended[t]);
    }
    return new long[] {total, end - start[0]};
  }

  private static String hashHex(byte[] buffer) {
    var digest = sha256();
    digest.update(buffer, 0, buffer.length);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CPU flags that decide AES-GCM and SHA-256 speed, from /proc/cpuinfo. */
  private static String cpuFeatures() {
    try {
      var flags =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("flags"))
              .findFirst()
              .map(l -> List.of(l.substring(l.indexOf(':') + 1).trim().split(" ")))
              .orElse(List.of());
      var wanted = List.of("aes", "pclmulqdq", "vaes", "vpclmulqdq", "avx2", "avx512f", "sha_ni");
      var present = wanted.stream().filter(flags::contains).toList();
      var absent = wanted.stream().filter(f -> !flags.contains(f)).toList();
      return (present.isEmpty() ? "none" : String.join(" ", present))
          + (absent.isEmpty() ? "" : " (no " + String.join(", ", absent) + ")");
    } catch (IOException | UncheckedIOException e) {
      return "?";
    }
  }
}
