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

import io.imprint.core.common.Deployment;
import io.imprint.core.disk.BlobCipher;
import io.imprint.core.disk.Disk;
import io.imprint.core.disk.DiskService;
import io.imprint.core.disk.MasterKey;
import io.imprint.core.region.Region;
import io.imprint.store.blob.LocalBlobStore;
import io.imprint.store.jdbc.JdbcStore;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bench disks}: the data plane in process, on the real classes the server uses ({@link DiskService} over
 * {@link JdbcStore#sqlite SQLite} and a {@link LocalBlobStore} in a temporary directory under /tmp). Three figures,
 * each with a baseline measured in the same run:
 *
 * <ol>
 *   <li>the clone of a 100 GiB disk with 10 GiB written (2,560 chunks), against the clone of a disk with 1 chunk;
 *   <li>the upload and the full read of a 4 GiB file of random data, against {@code cp} of that file and {@code sync};
 *       when either is below 70 % of {@code cp}, each step of the chunk pipeline is timed alone;
 *   <li>AES-256-GCM seal + SHA-256 of 4 MiB buffers in memory on 1 and 2 threads, against {@code System.arraycopy}.
 * </ol>
 *
 * It reports and exits 0 whatever the numbers; a non-zero exit means the benchmark itself could not run.
 */
public final class DisksBench {
  private static final String USAGE =
      "usage: bin/bench disks [--written-gib N] [--upload-gib N] [--clones N] [--breakdown] [--segment-ms N]";
  private static final long GIB = 1L << 30;
  private static final int CHUNK = Disk.CHUNK_SIZE;
  private static final long CAPACITY = 100 * GIB;
  private static final double CLONE_TARGET_S = 1.0;
  private static final double COPY_TARGET = 0.70;
  private static final int BREAKDOWN_CHUNKS = 128;
  /** Room left free on /tmp besides what the run writes. */
  private static final long SPACE_MARGIN = 2 * GIB;
  private static final byte[] ZEROS = new byte[CHUNK];

  record Options(Path root, long written, long upload, int clones, boolean breakdown, int segmentMillis) {
    static Options parse(String[] args) {
      Path root = null;
      long written = 10 * GIB;
      long upload = 4 * GIB;
      int clones = 5;
      boolean breakdown = false;
      int segmentMillis = 500;
      for (int i = 0; i < args.length; i++) {
        var name = args[i];
        if (name.equals("--breakdown")) {
          breakdown = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name.startsWith("--") ? name + " needs a value" : "unexpected argument " + name);
        }
        var value = args[++i];
        switch (name) {
          case "--root" -> root = Path.of(value).toAbsolutePath().normalize();
          case "--written-gib" -> written = BenchMain.intIn(name, value, 1, 100) * GIB;
          case "--upload-gib" -> upload = BenchMain.intIn(name, value, 1, 64) * GIB;
          case "--clones" -> clones = BenchMain.intIn(name, value, 1, 100);
          case "--segment-ms" -> segmentMillis = BenchMain.intIn(name, value, 50, 60_000);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      }
      return new Options(root, written, upload, clones, breakdown, segmentMillis);
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
      // after Ctrl-C the shutdown hook has closed the store under the running code: report that, not what it broke
      throw scratch.isClosed() && !(e instanceof BenchException) ? new BenchException("stopped", e) : e;
    } finally {
      scratch.close();
    }
  }

  private void measure() throws IOException {
    long started = System.nanoTime();
    var dir = scratch.dir();
    long written = options.written();
    long upload = options.upload();
    // peak use: the written disk's blobs (part 1, freed before part 2), then the source file, its upload's blobs and a
    // second copy (the cp target or the read-back file) at once
    long usable = scratch.usableBytes();
    long need = Math.max(written, 3 * upload) + SPACE_MARGIN;
    var notes = new ArrayList<String>();
    if (usable < need) {
      long room = Math.max(0, usable - SPACE_MARGIN);
      long fitWritten = Math.min(written, room / GIB * GIB);
      long fitUpload = Math.min(upload, room / 3 / GIB * GIB);
      if (fitWritten < GIB || fitUpload < GIB) {
        throw new BenchException(String.format(Locale.ROOT, "only %s free under %s: the benchmark needs at least %s",
            gib(usable), dir.getParent(), gib(3 * GIB + SPACE_MARGIN)));
      }
      notes.add(String.format(Locale.ROOT, "note: only %s free under %s, so the run is SCALED DOWN: %s written instead of %s,"
          + " an upload of %s instead of %s; the clone and rate figures scale, compare them with care",
          gib(usable), dir.getParent(), gib(fitWritten), gib(written), gib(fitUpload), gib(upload)));
      written = fitWritten;
      upload = fitUpload;
    }

    out("Imprint disks benchmark: the data plane in process (DiskService, SQLite store, local blob store); JDK %s; %d CPUs",
        Runtime.version(), Runtime.getRuntime().availableProcessors());
    out("scratch: %s (%s free); CPU AES/SHA features: %s; sizes are GiB/MiB (2^30/2^20), rates MB/s (10^6 B/s)",
        dir, gib(usable), cpuFeatures());
    notes.forEach(Report::out);
    var loadAtStart = Report.loadAverage();

    store = JdbcStore.sqlite(dir.resolve("data/imprint.db"));
    scratch.onClose(store::close);
    blobs = new LocalBlobStore(dir.resolve("data/blobs"));
    var key = new byte[32];
    new SecureRandom().nextBytes(key);
    masterKey = new MasterKey(key);
    deployment = new Deployment(Region.of("us-south", 3), "a1b2c3d4e5f60718293a4b5c6d7e8f90", "811f8abfbd32425597dc7ba40da98fa6",
        InstantSource.system(), new SecureRandom());
    disks = new DiskService(store, blobs, masterKey, deployment);

    jitWarmUp();
    clone(written);
    copy(upload);
    pipeline();

    out("");
    out("machine: 1-min load average %s at the start, %s at the end, on %d CPUs; the run took %s s",
        loadAtStart, Report.loadAverage(), Runtime.getRuntime().availableProcessors(), seconds((System.nanoTime() - started) / 1e9));
    report.printTargets();
  }

  // JIT -------------------------------------------------------------------------------------------------------------

  /**
   * A fresh JVM runs AES-GCM in interpreted Java until C2 compiles the intrinsic, which takes a few thousand calls:
   * with 4 MiB chunks that is the first GB or so of every server start. The figures below are for a warm data plane,
   * so the JIT is warmed first with small buffers; the cold rate is measured on a few chunks and shown beforehand.
   */
  private void jitWarmUp() {
    var cipher = new BlobCipher();
    var key = new byte[32];
    var data = new RandomData(7);
    var chunk = data.bytes(CHUNK);
    var blobId = UUID.randomUUID().toString();
    int cold = 4;
    long t0 = System.nanoTime();
    byte[] sealed = null;
    for (int i = 0; i < cold; i++) {
      sealed = cipher.seal(key, blobId, chunk, CHUNK);
    }
    long coldSeal = System.nanoTime() - t0;
    t0 = System.nanoTime();
    for (int i = 0; i < cold; i++) {
      cipher.open(key, blobId, sealed);
    }
    long coldOpen = System.nanoTime() - t0;
    // small calls until the 4 MiB rates stop improving: C2 compiles in the background, so a fixed count is not enough
    t0 = System.nanoTime();
    var small = data.bytes(4096);
    int calls = 0;
    double bestSeal = 0;
    double bestOpen = 0;
    int flat = 0;
    long warmSeal = 0;
    long warmOpen = 0;
    int warm = 4;
    while (flat < 3 && System.nanoTime() - t0 < 30_000_000_000L) {
      for (int i = 0; i < 2_000; i++, calls++) {
        cipher.open(key, blobId, cipher.seal(key, blobId, small, small.length));
        hashHex(small);
      }
      long s0 = System.nanoTime();
      for (int i = 0; i < warm; i++) {
        sealed = cipher.seal(key, blobId, chunk, CHUNK);
      }
      long s1 = System.nanoTime();
      for (int i = 0; i < warm; i++) {
        cipher.open(key, blobId, sealed);
      }
      long s2 = System.nanoTime();
      warmSeal = s1 - s0;
      warmOpen = s2 - s1;
      double sealRate = mbps((long) warm * CHUNK, warmSeal);
      double openRate = mbps((long) warm * CHUNK, warmOpen);
      flat = sealRate > 1.15 * bestSeal || openRate > 1.15 * bestOpen ? 0 : flat + 1;
      bestSeal = Math.max(bestSeal, sealRate);
      bestOpen = Math.max(bestOpen, openRate);
    }
    long warmNanos = System.nanoTime() - t0;
    out("");
    out("JIT: AES-256-GCM of 4 MiB in this fresh JVM: seal %s MB/s, open %s MB/s (first %d calls each; interpreted until C2 compiles"
            + " the intrinsic)", rate(mbps((long) cold * CHUNK, coldSeal)), rate(mbps((long) cold * CHUNK, coldOpen)), cold);
    out("     warm-up: %,d seal+open+SHA-256 of 4 KiB until the 4 MiB rates stopped rising (%s s): seal %s MB/s, open %s MB/s"
        + " (best); every figure below is warm", calls, seconds(warmNanos / 1e9), rate(bestSeal), rate(bestOpen));
  }

  // 1. clone -------------------------------------------------------------------------------------------------------

  private void clone(long written) throws IOException {
    int chunks = (int) (written / CHUNK);
    out("");
    out("1. clone of a %s disk with %s of random data written (%,d chunks of 4 MiB); baseline: the clone of a %s disk with 1 chunk",
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
      throw new BenchException("the source disk stores " + stored + " bytes after writing " + written);
    }
    out("  writing the source: %s in %s s = %s MB/s, %,.0f chunks/s (DiskService.write in 1 GiB calls from a generator"
            + " that alone makes %s MB/s; every blob fsynced)",
        gib(written), seconds(writeNanos / 1e9), rate(mbps(written, writeNanos)), chunks / (writeNanos / 1e9),
        rate(mbps(256L << 20, genNanos)));
    out("  (MB/s of each 1 GiB call, in order: %s)", String.join(", ", perCall.stream().map(Report::rate).toList()));

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
    // baseline and measured clones alternate, so that a burst of load elsewhere falls on both alike; each clone is
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
    out("  %-52s median %8s ms  (%s)", "clone of the 1-chunk disk (baseline)", ms(smallMs), Report.list(small));
    out("  %-52s median %8s ms  (%s) = %s baseline", "clone of the " + gib(written) + " disk", ms(bigMs), Report.list(big),
        ratio(bigMs, smallMs));
    out("  %-52s %,.0f rows/s; %.1f µs per row beyond the baseline's fixed cost", "chunk rows copied", chunks / (bigMs / 1e3),
        (bigMs - smallMs) * 1e3 / Math.max(1, chunks - 1));
    double smallDeleteMs = median(smallDeletes);
    double deleteMs = median(deletes);
    out("  %-52s median %8s ms  (%s)", "delete of the 1-chunk clone (baseline)", ms(smallDeleteMs), Report.list(smallDeletes));
    out("  %-52s median %8s ms  (%s) = %s baseline, %s the clone", "delete of a " + gib(written) + " clone", ms(deleteMs),
        Report.list(deletes), ratio(deleteMs, smallDeleteMs), ratio(deleteMs, bigMs));
    out("  %-52s (the blobs stay, the source holds them: this is the chunk rows and their reference counts only)", "");
    report.target(bigMs / 1e3 < CLONE_TARGET_S, "clone of a %s disk with %s written = %s s = %s the clone of a 1-chunk disk (target < %s s)",
        gib(CAPACITY), gib(written), seconds(bigMs / 1e3), ratio(bigMs, smallMs), seconds(CLONE_TARGET_S));

    long f0 = System.nanoTime();
    deleteDisk("clone-source");
    deleteDisk("clone-one");
    out("  %-52s %s s (the disk rows, then %,d blob files and rows reclaimed)", "freeing the source disk", seconds((System.nanoTime() - f0) / 1e9),
        chunks + 1);
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
    store.write(tx -> {
      disks.deleteDisk(tx, id);
      return null;
    });
    disks.reclaim();
    return System.nanoTime() - t0;
  }

  // 2. upload and full read ------------------------------------------------------------------------------------------

  private void copy(long size) throws IOException {
    var dir = scratch.dir();
    out("");
    out("2. upload and full read of %s of random data; baseline: `cp` of the same file on the same file system, then `sync`", gib(size));
    var source = dir.resolve("source.bin");
    long genNanos = new RandomData(3).writeFile(source, size);
    out("  (the source file was written and fsynced at %s MB/s; it stays in the page cache, as there is RAM for it: cp and the"
        + " upload read it from memory. Dropping the cache needs root, so every figure here is with a warm source. GNU cp 9"
        + " copies inside the kernel (copy_file_range) where it can: no pass through user space)",
        rate(mbps(size, genNanos)));
    run("sync");

    var cps = new ArrayList<Long>();
    cps.add(cp(source, dir.resolve("cp-target.bin")));

    createDisk("upload");
    long t0 = System.nanoTime();
    try (var in = new FileInputStream(source.toFile())) {
      disks.write("upload", 0, size, in, true);
    }
    long uploadNanos = System.nanoTime() - t0;
    if (disks.storedBytes("upload") != size) {
      throw new BenchException("the uploaded disk stores " + disks.storedBytes("upload") + " bytes, not " + size);
    }

    var readBack = dir.resolve("read-back.bin");
    t0 = System.nanoTime();
    try (var fileOut = new FileOutputStream(readBack.toFile())) {
      disks.read("upload", 0, size, fileOut);
      fileOut.getFD().sync();
    }
    long readFileNanos = System.nanoTime() - t0;
    verifySame(source, readBack, size);
    Scratch.delete(readBack);

    t0 = System.nanoTime();
    disks.read("upload", 0, size, OutputStream.nullOutputStream());
    long readNullNanos = System.nanoTime() - t0;

    t0 = System.nanoTime();
    try (var in = new FileInputStream(source.toFile())) {
      var buffer = new byte[CHUNK];
      while (in.readNBytes(buffer, 0, CHUNK) > 0) {
        // dropped
      }
    }
    long plainReadNanos = System.nanoTime() - t0;

    cps.add(cp(source, dir.resolve("cp-target.bin")));
    double cpMbps = median(cps.stream().map(n -> mbps(size, n)).toList());
    double uploadMbps = mbps(size, uploadNanos);
    double readFileMbps = mbps(size, readFileNanos);
    double readNullMbps = mbps(size, readNullNanos);

    out("  %-66s %8s MB/s  %s", "cp source target && sync (baseline; run before and after, median)", rate(cpMbps),
        "(" + String.join(", ", cps.stream().map(n -> seconds(n / 1e9) + " s").toList()) + ")");
    out("  %-66s %8s MB/s  = %s of cp  (%s s)", "upload: DiskService.write(replace) from a FileInputStream", rate(uploadMbps),
        percent(uploadMbps, cpMbps), seconds(uploadNanos / 1e9));
    out("  %-66s %8s MB/s  = %s of cp  (%s s)", "full read: DiskService.read to a FileOutputStream, then fsync", rate(readFileMbps),
        percent(readFileMbps, cpMbps), seconds(readFileNanos / 1e9));
    out("  %-66s %8s MB/s  = %s of cp  (%s s)", "full read: DiskService.read to a null sink (no write at all)", rate(readNullMbps),
        percent(readNullMbps, cpMbps), seconds(readNullNanos / 1e9));
    out("  %-66s %8s MB/s  (reference, not a target)", "reading the source file to a null sink in Java (4 MiB reads)",
        rate(mbps(size, plainReadNanos)));
    report.target(uploadMbps >= COPY_TARGET * cpMbps, "upload of %s = %s MB/s = %s of cp + sync (%s MB/s; target >= 70 %%)",
        gib(size), rate(uploadMbps), percent(uploadMbps, cpMbps), rate(cpMbps));
    report.target(readFileMbps >= COPY_TARGET * cpMbps, "full read of %s to a file + fsync = %s MB/s = %s of cp + sync (target >= 70 %%)",
        gib(size), rate(readFileMbps), percent(readFileMbps, cpMbps));

    if (options.breakdown() || uploadMbps < COPY_TARGET * cpMbps || readFileMbps < COPY_TARGET * cpMbps) {
      int chunks = (int) Math.min(BREAKDOWN_CHUNKS, size / CHUNK);
      out("");
      out("  where the time goes%s: each step of the chunk pipeline timed alone, on the first %,d chunks (%s) of the same file",
          options.breakdown() ? " (--breakdown)" : " (a ratio is below 70 %)", chunks, gib((long) chunks * CHUNK));
      uploadBreakdown(source, chunks, uploadNanos / (double) (size / CHUNK));
      readBreakdown(chunks, readFileNanos / (double) (size / CHUNK));
    }
    long f0 = System.nanoTime();
    deleteDisk("upload");
    out("  (deleting the uploaded disk and reclaiming its %,d blobs: %s s)", size / CHUNK, seconds((System.nanoTime() - f0) / 1e9));
    Scratch.delete(source);
  }

  /** {@code cp source target}, then {@code sync}; returns the nanoseconds of both, and deletes the target. */
  private long cp(Path source, Path target) {
    long t0 = System.nanoTime();
    run("cp", source.toString(), target.toString());
    run("sync");
    long nanos = System.nanoTime() - t0;
    Scratch.delete(target);
    run("sync");
    return nanos;
  }

  private static void run(String... command) {
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new BenchException(String.join(" ", command) + " took more than 5 minutes");
      }
      if (process.exitValue() != 0) {
        throw new BenchException(String.join(" ", command) + " exited with status " + process.exitValue());
      }
    } catch (IOException e) {
      throw new BenchException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  /** Compares the length and a few chunks (first, middle, last) of the read-back file with the source. */
  private static void verifySame(Path source, Path copy, long size) throws IOException {
    if (Files.size(copy) != size) {
      throw new BenchException("the full read wrote " + Files.size(copy) + " bytes, not " + size);
    }
    try (var a = new RandomAccessFile(source.toFile(), "r"); var b = new RandomAccessFile(copy.toFile(), "r")) {
      var x = new byte[CHUNK];
      var y = new byte[CHUNK];
      for (long offset : new long[] {0, size / 2 / CHUNK * CHUNK, size - CHUNK}) {
        a.seek(offset);
        a.readFully(x);
        b.seek(offset);
        b.readFully(y);
        if (!Arrays.equals(x, y)) {
          throw new BenchException("the full read differs from the uploaded file at chunk " + offset / CHUNK);
        }
      }
    }
  }

  /** One row of a breakdown: a step, its total nanoseconds over the sample, and the bytes it moved. */
  private record Step(String name, long nanos) {}

  /**
   * The steps DiskService.write takes for each chunk (see storeChunk), each timed alone with the same classes and
   * the same store calls, on a scratch disk: read from the file, clear the chunk buffer, the all-zero check, SHA-256,
   * AES-GCM seal, the blob reservation transaction, the blob file write with fsync and rename, and the transaction
   * that maps the chunk. Then the same blob files written without fsync, to show what the fsync costs.
   */
  private void uploadBreakdown(Path source, int chunks, double uploadNanosPerChunk) throws IOException {
    createDisk("probe");
    var dataKeyId = disks.getDisk("probe").dataKeyId();
    var dek = masterKey.unwrap(store.read(tx -> tx.disks().getDataKey(dataKeyId)).orElseThrow().wrapped());
    var cipher = new BlobCipher();
    var buffer = new byte[CHUNK];
    long read = 0;
    long clear = 0;
    long zero = 0;
    long hash = 0;
    long seal = 0;
    long reserve = 0;
    long put = 0;
    long map = 0;
    byte[] sealed = null;
    try (var in = new FileInputStream(source.toFile())) {
      for (int i = 0; i < chunks; i++) {
        long t0 = System.nanoTime();
        System.arraycopy(ZEROS, 0, buffer, 0, CHUNK);
        long t1 = System.nanoTime();
        if (in.readNBytes(buffer, 0, CHUNK) != CHUNK) {
          throw new BenchException("the source file ended early");
        }
        long t2 = System.nanoTime();
        if (Arrays.mismatch(buffer, 0, CHUNK, ZEROS, 0, CHUNK) < 0) {
          throw new BenchException("a random chunk is all zeros");
        }
        long t3 = System.nanoTime();
        var digest = sha256();
        digest.update(buffer, 0, CHUNK);
        var sha = HexFormat.of().formatHex(digest.digest());
        long t4 = System.nanoTime();
        var blobId = deployment.ids().uuid();
        sealed = cipher.seal(dek, blobId, buffer, CHUNK);
        long t5 = System.nanoTime();
        var now = deployment.now();
        store.write(tx -> {
          tx.disks().reserveBlob(blobId, dataKeyId, now);
          return null;
        });
        long t6 = System.nanoTime();
        blobs.put(blobId, sealed);
        long t7 = System.nanoTime();
        long index = i;
        store.write(tx -> {
          tx.disks().putChunk("probe", index, blobId, sha, CHUNK);
          return null;
        });
        long t8 = System.nanoTime();
        clear += t1 - t0;
        read += t2 - t1;
        zero += t3 - t2;
        hash += t4 - t3;
        seal += t5 - t4;
        reserve += t6 - t5;
        put += t7 - t6;
        map += t8 - t7;
      }
    }
    long noSync = writeWithoutFsync(sealed, chunks);
    deleteDisk("probe");
    printBreakdown("upload", chunks, uploadNanosPerChunk, List.of(
        new Step("read 4 MiB from the FileInputStream (page cache)", read),
        new Step("clear the chunk buffer (arraycopy of 4 MiB of zeros)", clear),
        new Step("all-zero check (Arrays.mismatch)", zero),
        new Step("SHA-256 of the chunk", hash),
        new Step("AES-256-GCM seal (BlobCipher, new 4 MiB array)", seal),
        new Step("transaction 1: reserve the blob row", reserve),
        new Step("blob file: write + fsync + rename (LocalBlobStore.put)", put),
        new Step("transaction 2: map the chunk, blob live", map)),
        String.format(Locale.ROOT, "the same blob files written and renamed WITHOUT fsync: %s ms a chunk = %s MB/s, so fsync is"
            + " %s ms of the blob write's %s ms", ms(noSync / 1e6 / chunks), rate(mbps((long) chunks * CHUNK, noSync)),
            ms((put - noSync) / 1e6 / chunks), ms(put / 1e6 / chunks)));
  }

  /** Writes {@code chunks} blob-sized files as LocalBlobStore does (temporary file, rename) but without the fsync. */
  private long writeWithoutFsync(byte[] sealed, int chunks) throws IOException {
    var dir = Files.createDirectories(scratch.dir().resolve("nosync"));
    long t0 = System.nanoTime();
    for (int i = 0; i < chunks; i++) {
      var id = UUID.randomUUID().toString();
      var target = Files.createDirectories(dir.resolve(id.substring(0, 2))).resolve(id);
      var tmp = target.resolveSibling(id + ".tmp");
      try (var channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        var bb = ByteBuffer.wrap(sealed);
        while (bb.hasRemaining()) {
          channel.write(bb);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    long nanos = System.nanoTime() - t0;
    Scratch.delete(dir);
    return nanos;
  }

  /**
   * The steps DiskService.read takes for each chunk, timed alone on the uploaded disk: the chunk-map query (one per
   * 1,024 chunks), the blob file read, the AES-GCM open, and the write of the plaintext to a file, fsynced at the end.
   */
  private void readBreakdown(int chunks, double readNanosPerChunk) throws IOException {
    var cipher = new BlobCipher();
    long q0 = System.nanoTime();
    var refs = store.read(tx -> tx.disks().chunks("upload", 0, 1024));
    long query = System.nanoTime() - q0;
    var ref0 = refs.getFirst();
    var dek = masterKey.unwrap(store.read(tx -> tx.disks().getDataKey(ref0.dataKeyId())).orElseThrow().wrapped());
    long get = 0;
    long open = 0;
    long write = 0;
    var target = scratch.dir().resolve("read-probe.bin");
    try (var fileOut = new FileOutputStream(target.toFile())) {
      for (int i = 0; i < chunks; i++) {
        var ref = refs.get(i);
        long t0 = System.nanoTime();
        var sealed = blobs.get(ref.blobId());
        long t1 = System.nanoTime();
        var plain = cipher.open(dek, ref.blobId(), sealed);
        long t2 = System.nanoTime();
        fileOut.write(plain, 0, ref.length());
        long t3 = System.nanoTime();
        get += t1 - t0;
        open += t2 - t1;
        write += t3 - t2;
      }
      long t0 = System.nanoTime();
      fileOut.getFD().sync();
      write += System.nanoTime() - t0;
    }
    Scratch.delete(target);
    printBreakdown("full read to a file", chunks, readNanosPerChunk, List.of(
        new Step("chunk-map query (1 per 1,024 chunks, shared out)", query * chunks / Math.max(1, refs.size())),
        new Step("blob file read (Files.readAllBytes, page cache)", get),
        new Step("AES-256-GCM open + tag check (BlobCipher)", open),
        new Step("write 4 MiB to the FileOutputStream (+ its fsync at the end)", write)),
        null);
  }

  private static void printBreakdown(String what, int chunks, double measuredNanosPerChunk, List<Step> steps, String footnote) {
    out("  %s, ms per 4 MiB chunk (the measured run took %s ms a chunk):", what, ms(measuredNanosPerChunk / 1e6));
    long sum = 0;
    for (var step : steps) {
      sum += step.nanos();
      double perChunk = step.nanos() / (double) chunks;
      out("    %-60s %8s ms  %5s  %8s MB/s alone", step.name(), ms(perChunk / 1e6), percent(perChunk, measuredNanosPerChunk),
          rate(mbps((long) chunks * CHUNK, step.nanos())));
    }
    double perChunk = sum / (double) chunks;
    out("    %-60s %8s ms  %5s  %8s MB/s", "sum of the steps", ms(perChunk / 1e6), percent(perChunk, measuredNanosPerChunk),
        rate(mbps((long) chunks * CHUNK, sum)));
    if (footnote != null) {
      out("    " + footnote);
    }
  }

  // 3. encrypt + hash pipeline ----------------------------------------------------------------------------------------

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
    out("3. the encrypt+hash pipeline alone, in memory on 4 MiB buffers (as DiskService: a MessageDigest and a BlobCipher.seal per"
        + " chunk); baseline: System.arraycopy of the same buffers; %d rounds of %s s per cell, alternating", rounds,
        seconds(options.segmentMillis() / 1e3));
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
      header.append(String.format(Locale.ROOT, "  %9s  %7s", t + " thread" + (t == 1 ? "" : "s"), "ratio"));
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
        line.append(String.format(Locale.ROOT, "  %9s  %7s", rate(perCore), ratio(perCore, memcpy[t])));
      }
      if (threadCounts.size() > 1) {
        line.append(String.format(Locale.ROOT, "  (%s)", rate(total)));
      }
      out(line.toString());
    }
    int p = Work.PIPELINE.ordinal();
    double one = mbps(bytes[p][0], nanos[p][0]);
    out("  the pipeline takes %s ms of one core per 4 MiB chunk: alone it would cap a single upload at %s MB/s",
        ms(CHUNK / (one * 1e6) * 1e3), rate(one));
  }

  /** Runs {@code work} on {@code threads} threads for about {@code nanos}; returns {bytes, nanoseconds}. */
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
      list.add(Thread.ofPlatform().name("bench-pipeline-" + t).start(() -> {
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
            case PIPELINE -> sink += hashHex(buffer).length() + cipher.seal(key, blobId, buffer, CHUNK).length;
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
      var flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("flags")).findFirst().map(l -> List.of(l.substring(l.indexOf(':') + 1).trim().split(" "))).orElse(List.of());
      var wanted = List.of("aes", "pclmulqdq", "vaes", "vpclmulqdq", "avx2", "avx512f", "sha_ni");
      var present = wanted.stream().filter(flags::contains).toList();
      var absent = wanted.stream().filter(f -> !flags.contains(f)).toList();
      return (present.isEmpty() ? "none" : String.join(" ", present)) + (absent.isEmpty() ? "" : " (no " + String.join(", ", absent) + ")");
    } catch (IOException | UncheckedIOException e) {
      return "?";
    }
  }
}
