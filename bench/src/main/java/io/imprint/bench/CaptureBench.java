package io.imprint.bench;

import static io.imprint.bench.Report.gib;
import static io.imprint.bench.Report.mbps;
import static io.imprint.bench.Report.median;
import static io.imprint.bench.Report.ms;
import static io.imprint.bench.Report.out;
import static io.imprint.bench.Report.rate;
import static io.imprint.bench.Report.ratio;
import static io.imprint.bench.Report.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code bin/bench capture}: images from boot volumes, through the HTTP API of a real {@code
 * bin/imprint server} process on a temporary data dir. An instance from a stock image is stopped,
 * 10 GiB of random data are written into its 100 GB boot volume ({@code PUT
 * /imprint/v1/volumes/{id}/content?offset=N}), and {@code POST /v1/images} with that {@code
 * source_volume} is timed to {@code available} (polled every 5 ms), with the queued → in_progress
 * latency seen by the client and recorded by the server ({@code started_at} of the capture job).
 * The same again for a boot volume under a root key of the server's Key Protect, captured with that
 * key as its {@code encryption_key} (copy-on-write, as without a key: against 0.15 s). Then 50
 * stopped instances are captured at once from 50 threads. Baselines, same run and server: {@code
 * GET /v1/images/{id}} one at a time, and 50 of them at once. It reports and exits 0 whatever the
 * numbers; a non-zero exit means the benchmark could not run. With {@code --rekey} it measures a
 * capture under another root key instead ({@link RekeyCapture}).
 */
public final class CaptureBench {
  private static final String USAGE =
      "usage: bin/bench capture [--rekey] [--written-gib N] [--request-mib N] [--captures N] [--concurrent N] [--job-workers N]";
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final String STOCK_IMAGE = ApiSession.STOCK_IMAGE;
  private static final String SETTLE_STEP = "PT0.05S";
  private static final Duration CAPTURE_TIMEOUT = Duration.ofMinutes(2);
  private static final double AVAILABLE_TARGET_S = 2.0;
  private static final double CRK_TARGET_S = 0.15;
  private static final double IN_PROGRESS_TARGET_MS = 50;
  private static final double PER_MINUTE_TARGET = 50;
  private static final int BASELINE_WARMUP = 300;
  private static final int BASELINE_REQUESTS = 1_000;

  record Options(
      Path root,
      long written,
      long requestBytes,
      int captures,
      int concurrent,
      int jobWorkers,
      String workersFrom,
      boolean rekey) {
    static Options parse(String[] given) {
      // --rekey is the one option without a value
      var rekey = Arrays.asList(given).contains("--rekey");
      var args = Arrays.stream(given).filter(a -> !a.equals("--rekey")).toArray(String[]::new);
      Path root = null;
      long written = 10 * GIB;
      long request = 256 * MIB;
      int captures = 3;
      int concurrent = 50;
      var env = System.getenv("IMPRINT_JOB_WORKERS");
      int workers = 2;
      String from = "default";
      if (env != null && !env.isBlank()) {
        workers = BenchMain.intIn("IMPRINT_JOB_WORKERS", env.trim(), 1, 64);
        from = "IMPRINT_JOB_WORKERS";
      }
      for (var option :
          BenchMain.options(
                  args,
                  "--root",
                  "--written-gib",
                  "--request-mib",
                  "--captures",
                  "--concurrent",
                  "--job-workers")
              .entrySet()) {
        var name = option.getKey();
        var value = option.getValue();
        switch (name) {
          case "--root" -> root = Path.of(value).toAbsolutePath().normalize();
          case "--written-gib" -> written = BenchMain.intIn(name, value, 1, 100) * GIB;
          case "--request-mib" -> request = BenchMain.intIn(name, value, 4, 4096) * MIB;
          case "--captures" -> captures = BenchMain.intIn(name, value, 1, 20);
          case "--concurrent" -> concurrent = BenchMain.intIn(name, value, 1, 200);
          case "--job-workers" -> {
            workers = BenchMain.intIn(name, value, 1, 64);
            from = "--job-workers";
          }
          default -> throw new IllegalStateException("an option without a case: " + name);
        }
      }
      BenchMain.requireCheckout(root);
      return new Options(root, written, request, captures, concurrent, workers, from, rekey);
    }
  }

  private final Options options;
  private final Report report = new Report();
  private Scratch scratch;
  private ApiSession api;

  private CaptureBench(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchMain.main(args, Options::parse, USAGE, options -> new CaptureBench(options)::run);
  }

  private void run() throws IOException {
    ApiSession.inScratch(
        "imprint-bench-capture-",
        () -> api,
        given -> {
          scratch = given;
          measure();
        });
  }

  private void measure() throws IOException {
    long started = System.nanoTime();
    long written = options.written() / options.requestBytes() * options.requestBytes();
    if (written == 0) {
      throw new BenchException("--written-gib must be at least one request (--request-mib)");
    }
    // the default run writes the data twice (a provider-managed and a CRK volume); --rekey writes
    // it
    // once, then holds the cp baseline's source and copy next to it
    int copies = options.rekey() ? 3 : 2;
    long usable = scratch.usableBytes();
    var notes = new ArrayList<String>();
    if (usable < copies * written + 2 * GIB) {
      long fit =
          Math.max(0, usable - 2 * GIB) / copies / options.requestBytes() * options.requestBytes();
      if (fit < GIB) {
        throw new BenchException(
            "only "
                + gib(usable)
                + " free under "
                + scratch.dir().getParent()
                + ": the benchmark needs at least "
                + (copies + 2)
                + " GiB");
      }
      notes.add(
          String.format(
              Locale.ROOT,
              "note: only %s free under %s, so the run is SCALED DOWN: %s written instead of %s",
              gib(usable),
              scratch.dir().getParent(),
              gib(fit),
              gib(written)));
      written = fit;
    }
    var dropped = ApiSession.imprintVariables();
    out(
        "Imprint capture benchmark%s: bin/imprint server on SQLite in %s, through its HTTP API on 127.0.0.1; JDK %s; %d CPUs",
        options.rekey() ? " (--rekey)" : "",
        scratch.dir(),
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    out(
        "server config: instance-settle-step=%s, job-workers=%d (%s)%s",
        SETTLE_STEP,
        options.jobWorkers(),
        options.workersFrom(),
        dropped.isEmpty()
            ? ""
            : "; the server runs without " + String.join(", ", dropped) + " from this environment");
    out(
        options.rekey()
            ? "baseline of this run: `cp` of a file of the same random bytes on the data dir's file system, then `sync`"
            : "baselines of this run: GET /v1/images/{id} of a stock image, one at a time and %d at once",
        options.concurrent());
    notes.forEach(Report::out);
    var loadAtStart = Report.loadAverage();

    api =
        ApiSession.start(
            options.root(),
            scratch,
            "instance-settle-step=" + SETTLE_STEP + "\njob-workers=" + options.jobWorkers() + "\n",
            dropped);
    var stockId = api.stockImageId();
    var subnetId = api.subnetId();
    if (options.rekey()) {
      new RekeyCapture(this, api, scratch, report, written).measure(stockId, subnetId);
    } else {
      measureCaptures(written, stockId, subnetId);
    }

    api.finish(report, loadAtStart, started);
  }

  private void measureCaptures(long written, String stockId, String subnetId) {
    // the instances: one to capture alone, one whose boot volume has a customer root key, and the
    // ones captured at once
    // ----------------------------------------------------------------
    int instanceCount = 1 + options.concurrent();
    long i0 = System.nanoTime();
    var keyA = api.createKey("bench-capture-key-a");
    var crk = api.createInstance("bench-capture-crk", stockId, subnetId, keyA.crn());
    var instances = new ArrayList<ApiSession.Instance>();
    for (int i = 0; i < instanceCount; i++) {
      instances.add(
          api.createInstance(
              i == 0 ? "bench-capture-main" : String.format(Locale.ROOT, "bench-capture-%03d", i),
              stockId,
              subnetId,
              null));
    }
    api.forceStop(crk);
    instances.forEach(api::forceStop);
    api.awaitInstance(crk.id(), "stopped");
    for (var instance : instances) {
      api.awaitInstance(instance.id(), "stopped");
    }
    out("");
    out(
        "setup: %d instances from %s created and force-stopped in %s s (boot volumes of 100 GB, copy-on-write clones of the"
            + " image; one of them under a root key of this server's Key Protect)",
        instanceCount + 1, STOCK_IMAGE, seconds((System.nanoTime() - i0) / 1e9));

    // 10 GiB into the main boot volume and into the CRK one
    // --------------------------------------------------------------------------------
    var main = instances.getFirst();
    writeVolume(main.volumeId(), written, "the main boot volume");
    writeVolume(crk.volumeId(), written, "the CRK boot volume");
    readVolume(main.volumeId(), Math.min(written, GIB));

    // baselines
    // -----------------------------------------------------------------------------------------------------
    Pause.sleep(Duration.ofSeconds(1));
    out("");
    var get = getLatencies("/v1/images/" + stockId);
    double getP50 = get.percentileMs(50);
    out(
        "baseline: GET /v1/images/{id} one at a time (%d warm-up, %,d measured): p50 %s ms, p90 %s ms, p99 %s ms, max %s ms",
        BASELINE_WARMUP,
        get.count(),
        ms(getP50),
        ms(get.percentileMs(90)),
        ms(get.percentileMs(99)),
        ms(get.maxMs()));
    var burst = new ArrayList<Double>();
    concurrentGets(stockId); // warm-up: opens the connections
    for (int i = 0; i < 5; i++) {
      burst.add(concurrentGets(stockId) / 1e6);
    }
    double burstMs = median(burst);
    out(
        "baseline: %d GET /v1/images/{id} at once from %d threads, until all answered: median %s ms (%s)",
        options.concurrent(), options.concurrent(), ms(burstMs), Report.list(burst));

    // single captures
    // -----------------------------------------------------------------------------------------------
    out("");
    var captures =
        captureTable(
            "capture of the boot volume with " + gib(written) + " written",
            main.volumeId(),
            null,
            "bench-image-",
            written);
    double availableMs = median(captures.stream().map(c -> c.availableMs).toList());
    double startMs = median(captures.stream().map(c -> c.startAfterPostMs).toList());
    var seen = captures.stream().filter(c -> c.inProgressMs >= 0).map(c -> c.inProgressMs).toList();
    double clientInProgress = median(seen);
    out(
        "  POST → available: median %s ms = %s GET p50 (IBM: about 100 minutes)",
        ms(availableMs), ratio(availableMs, getP50));
    out(
        "  queued → in_progress: the job's started_at %s ms after the POST was sent (median; started_at has ms resolution) = %s GET p50;"
            + " the client saw image_request_in_progress after %s",
        ms(startMs),
        ratio(startMs, getP50),
        seen.isEmpty()
            ? "- (never: every poll showed queued, then available)"
            : "median "
                + ms(clientInProgress)
                + " ms ("
                + seen.size()
                + " of "
                + captures.size()
                + " captures; within one poll, 5 ms + a GET)");
    report.target(
        availableMs / 1e3 <= AVAILABLE_TARGET_S,
        "capture of a 100 GB volume with %s written: POST → available %s s = %s GET"
            + " p50 (median of %d; target <= %s s)",
        gib(written),
        seconds(availableMs / 1e3),
        ratio(availableMs, getP50),
        captures.size(),
        seconds(AVAILABLE_TARGET_S));
    report.target(
        startMs < IN_PROGRESS_TARGET_MS,
        "queued → in_progress on an idle server: %s ms = %s GET p50 (job started_at − POST"
            + " sent, median; client saw in_progress after %s; target < %s ms)",
        ms(startMs),
        ratio(startMs, getP50),
        seen.isEmpty() ? "-" : ms(clientInProgress) + " ms",
        ms(IN_PROGRESS_TARGET_MS));

    // the same capture with a customer root key: same key, so copy-on-write as without one
    out("");
    var crkCaptures =
        captureTable(
            "capture of the CRK boot volume with "
                + gib(written)
                + " written, encryption_key = the volume's root key (copy-on-write)",
            crk.volumeId(),
            keyA.crn(),
            "bench-crk-image-",
            written);
    double crkMs = median(crkCaptures.stream().map(c -> c.availableMs).toList());
    out(
        "  POST → available: median %s ms = %s GET p50 = %s the provider-managed capture",
        ms(crkMs), ratio(crkMs, getP50), ratio(crkMs, availableMs));
    report.target(
        crkMs / 1e3 <= CRK_TARGET_S,
        "same-key capture of a CRK volume with %s written: POST → available %s s = %s the"
            + " provider-managed capture, %s GET p50 (median of %d; target <= %s s)",
        gib(written),
        seconds(crkMs / 1e3),
        ratio(crkMs, availableMs),
        ratio(crkMs, getP50),
        crkCaptures.size(),
        seconds(CRK_TARGET_S));

    // concurrent captures
    // -------------------------------------------------------------------------------------------
    Pause.sleep(Duration.ofSeconds(1));
    out("");
    out(
        "%d captures at once: %d stopped instances (boot volumes as cloned from the stock image), %d POSTs from %d threads",
        options.concurrent(), options.concurrent(), options.concurrent(), options.concurrent());
    var many = concurrentCaptures(instances.subList(1, instances.size()));
    double perMinute = options.concurrent() / (many.allAvailableMs / 60_000);
    out(
        "  POST answered: p50 %s ms, max %s ms; %d refused",
        ms(many.post.percentileMs(50)), ms(many.post.maxMs()), many.refused);
    out(
        "  POST → available (each image, client-side, list polled every 5 ms): p50 %s ms, max %s ms",
        ms(many.available.percentileMs(50)), ms(many.available.maxMs()));
    out(
        "  queue wait (job started_at − image created_at, server-side): p50 %s ms, max %s ms; job run (started_at → updated_at): p50 %s ms,"
            + " max %s ms",
        ms(many.queueWait.percentileMs(50)),
        ms(many.queueWait.maxMs()),
        ms(many.run.percentileMs(50)),
        ms(many.run.maxMs()));
    out(
        "  all %d available %s ms after the first POST was sent = %s the %d-GET baseline; %,.0f captures per minute",
        options.concurrent(),
        ms(many.allAvailableMs),
        ratio(many.allAvailableMs, burstMs),
        options.concurrent(),
        perMinute);
    report.target(
        perMinute >= PER_MINUTE_TARGET && many.refused == 0,
        "%d concurrent captures: all available in %s s = %,.0f captures per"
            + " minute (%s the %d-GET baseline; %d refused; target >= %.0f per minute)",
        options.concurrent(),
        seconds(many.allAvailableMs / 1e3),
        perMinute,
        ratio(many.allAvailableMs, burstMs),
        options.concurrent(),
        many.refused,
        PER_MINUTE_TARGET);
  }

  // setup
  // -------------------------------------------------------------------------------------------------------------

  /**
   * Writes {@code total} bytes of random data at offset 0 onwards in requests of {@code
   * --request-mib}, each body made as it is sent. The server is fresh: its first GB or so of
   * AES-GCM runs before the JIT has compiled it.
   */
  void writeVolume(String volumeId, long total, String which) {
    long size = options.requestBytes();
    int requests = (int) (total / size);
    var generator = new RandomData(11);
    var rates = new ArrayList<Double>();
    long t0 = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      long offset = i * size;
      var request =
          api.client()
              .authorized(api.uri("/imprint/v1/volumes/" + volumeId + "/content?offset=" + offset))
              .timeout(Duration.ofMinutes(5))
              .header("Content-Type", "application/octet-stream")
              .header("Accept", "application/json")
              .PUT(
                  HttpRequest.BodyPublishers.fromPublisher(
                      HttpRequest.BodyPublishers.ofInputStream(() -> generator.stream(size)), size))
              .build();
      long r0 = System.nanoTime();
      var response = api.send(request);
      rates.add(mbps(size, System.nanoTime() - r0));
      if (response.statusCode() != 200
          || ApiSession.parse(response.body()).path("bytes_written").asLong() != size) {
        throw new BenchException(
            "PUT content at offset "
                + offset
                + " answered "
                + response.statusCode()
                + ": "
                + Client.abbreviate(response.body()));
      }
    }
    long nanos = System.nanoTime() - t0;
    out(
        "setup: %s of random data written into %s in %d PUT /imprint/v1/volumes/{id}/content?offset=N of %d MiB:"
            + " %s s = %s MB/s",
        gib(total), which, requests, size / MIB, seconds(nanos / 1e9), rate(mbps(total, nanos)));
    out(
        "       MB/s of each request, in order: %s",
        String.join(", ", rates.stream().map(Report::rate).toList()));
  }

  /**
   * Reads the first {@code bytes} of the volume back twice. Its reads open blobs with AES-GCM,
   * which the writes did not exercise: on a server that had not warmed it up at start, both reads
   * crawled (about 170 MB/s) for the first tens of GB; warm, the first read matches the second.
   */
  void readVolume(String volumeId, long bytes) {
    var rates = List.of(readRange(volumeId, bytes), readRange(volumeId, bytes));
    out(
        "setup: the first %s read back with GET …/content (Range): %s MB/s the first time, %s MB/s the second = %s (a server"
            + " that has not compiled AES-GCM yet reads at about 170 MB/s both times)",
        gib(bytes), rate(rates.get(0)), rate(rates.get(1)), ratio(rates.get(0), rates.get(1)));
  }

  /** Reads the first {@code bytes} of the volume once ({@code GET …/content}, Range); MB/s. */
  double readRange(String volumeId, long bytes) {
    var request =
        api.client()
            .authorized(api.uri("/imprint/v1/volumes/" + volumeId + "/content"))
            .timeout(Duration.ofMinutes(5))
            .header("Range", "bytes=0-" + (bytes - 1))
            .GET()
            .build();
    long r0 = System.nanoTime();
    var response = api.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 206) {
      throw new BenchException("GET content answered " + response.statusCode());
    }
    return mbps(bytes, System.nanoTime() - r0);
  }

  // baselines
  // ---------------------------------------------------------------------------------------------------------

  private Latencies getLatencies(String path) {
    var uri = api.uri(path);
    for (int i = 0; i < BASELINE_WARMUP; i++) {
      api.client().getBody(uri);
    }
    var latencies = new Latencies(BASELINE_REQUESTS);
    for (int i = 0; i < BASELINE_REQUESTS; i++) {
      long t0 = System.nanoTime();
      api.client().getBody(uri);
      latencies.add(System.nanoTime() - t0);
    }
    return latencies.sorted();
  }

  /**
   * {@code --concurrent} GETs of the image released at once from as many threads; nanoseconds until
   * the last answer.
   */
  private long concurrentGets(String imageId) {
    var uri = api.uri("/v1/images/" + imageId);
    var result =
        atOnce(
            options.concurrent(),
            i -> {
              var r =
                  api.send(
                      api.client()
                          .authorized(uri)
                          .timeout(Duration.ofSeconds(60))
                          .header("Accept", "application/json")
                          .GET()
                          .build());
              if (r.statusCode() != 200) {
                throw new BenchException("GET " + uri + " answered " + r.statusCode());
              }
              return null;
            });
    return result.nanos;
  }

  // captures
  // ----------------------------------------------------------------------------------------------------------

  /**
   * {@code --captures} captures of {@code volumeId} one after another ({@code keyCrn} as {@code
   * encryption_key}, or none), each printed as a row as it ends.
   */
  private List<Capture> captureTable(
      String title, String volumeId, String keyCrn, String namePrefix, long written) {
    out(
        "%s (%d times, one after another on an idle server; polled every 5 ms)",
        title, options.captures());
    out(
        "  %-3s %10s %14s %14s %14s %14s %11s",
        "#", "POST ms", "in_progress ms", "available ms", "job start ms", "job start ms", "job ms");
    out(
        "  %-3s %10s %14s %14s %14s %14s %11s",
        "", "answered", "client sees", "client sees", "- POST sent", "- created_at", "start-end");
    var captures = new ArrayList<Capture>();
    for (int r = 1; r <= options.captures(); r++) {
      Pause.sleep(Duration.ofMillis(500));
      var c = capture(volumeId, namePrefix + r, keyCrn, Pause.POLL_NANOS, CAPTURE_TIMEOUT, false);
      captures.add(c);
      out(
          "  %-3d %10s %14s %14s %14s %14s %11s%s",
          r,
          ms(c.postMs),
          c.inProgressMs < 0 ? "not seen" : ms(c.inProgressMs),
          ms(c.availableMs),
          ms(c.startAfterPostMs),
          ms(c.startAfterCreatedMs),
          ms(c.jobMs),
          c.bytes == written ? "" : String.format(Locale.ROOT, "  (job says %,d bytes)", c.bytes));
    }
    return captures;
  }

  /** One capture: client-side times from the POST being sent, and the capture job's own times. */
  record Capture(
      double postMs,
      double inProgressMs,
      double availableMs,
      double startAfterPostMs,
      double startAfterCreatedMs,
      double jobMs,
      long bytes,
      JsonNode image,
      JsonNode job,
      List<Long> progress) {}

  /**
   * POST /v1/images from {@code volumeId} ({@code keyCrn} as its {@code encryption_key} unless
   * null), then the image polled every {@code pollNanos} until {@code available}. With {@code
   * watchProgress}, each poll also reads the capture job ({@code GET
   * /imprint/v1/images/{id}/capture}) and keeps every {@code bytes_done} it reports while the image
   * is pending, in order.
   */
  Capture capture(
      String volumeId,
      String name,
      String keyCrn,
      long pollNanos,
      Duration timeout,
      boolean watchProgress) {
    var body =
        String.format(
            Locale.ROOT,
            "{\"name\":\"%s\",\"source_volume\":{\"id\":\"%s\"}%s}",
            name,
            volumeId,
            keyCrn == null ? "" : ",\"encryption_key\":{\"crn\":\"" + keyCrn + "\"}");
    var sentAt = Instant.now();
    long t0 = System.nanoTime();
    var response = api.post("/v1/images", body, 201);
    long postNanos = System.nanoTime() - t0;
    var image = ApiSession.parse(response);
    var id = image.path("id").asText();
    var createdAt = Instant.parse(image.path("created_at").asText());
    var imageUri = api.uri("/v1/images/" + id);
    var jobUri = api.uri("/imprint/v1/images/" + id + "/capture");
    var progress = new ArrayList<Long>();
    long inProgress = -1;
    long available;
    long next = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    while (true) {
      var node = ApiSession.parse(api.client().getBody(imageUri));
      long now = System.nanoTime();
      var status = node.path("status").asText();
      if (status.equals("available")) {
        available = now - t0;
        break;
      }
      if (!status.equals("pending")) {
        throw new BenchException(
            "the capture "
                + name
                + " ended "
                + status
                + ": "
                + Client.abbreviate(node.path("status_reasons").toString()));
      }
      if (inProgress < 0 && reasons(node).contains("image_request_in_progress")) {
        inProgress = now - t0;
      }
      if (watchProgress) {
        var job = ApiSession.parse(api.client().getBody(jobUri));
        if (job.path("bytes_done").isNumber()) {
          progress.add(job.path("bytes_done").asLong());
        }
      }
      if (now > deadline) {
        throw new BenchException(
            "the capture " + name + " is not available after " + timeout.toSeconds() + " s");
      }
      next = Pause.pace(next, pollNanos);
    }
    var job = api.getJson("/imprint/v1/images/" + id + "/capture");
    if (!job.path("state").asText().equals("succeeded")) {
      throw new BenchException(
          "the image is available but its capture job is " + job.path("state").asText());
    }
    var startedAt = Instant.parse(job.path("started_at").asText());
    var updatedAt = Instant.parse(job.path("updated_at").asText());
    return new Capture(
        postNanos / 1e6,
        inProgress < 0 ? -1 : inProgress / 1e6,
        available / 1e6,
        Duration.between(sentAt, startedAt).toNanos() / 1e6,
        Duration.between(createdAt, startedAt).toNanos() / 1e6,
        Duration.between(startedAt, updatedAt).toNanos() / 1e6,
        job.path("bytes_done").asLong(),
        api.getJson("/v1/images/" + id),
        job,
        progress);
  }

  private record Many(
      Latencies post,
      Latencies available,
      Latencies queueWait,
      Latencies run,
      double allAvailableMs,
      int refused) {}

  /**
   * One POST per instance, released at once from as many threads; meanwhile this thread polls the
   * list of pending private images every 5 ms, and an image counts as available at the first poll
   * after its POST was answered that no longer lists it (checked afterwards to really be
   * available).
   */
  private Many concurrentCaptures(List<ApiSession.Instance> instances) {
    int n = instances.size();
    var ids = new String[n];
    var postNanos = new long[n];
    var answeredAt =
        new AtomicLongArray(
            n); // set last by each poster, after ids and errors: reading it first publishes them
    var errors = new String[n];
    var ready = new CountDownLatch(n);
    var go = new CountDownLatch(1);
    var threads = new ArrayList<Thread>();
    long[] start = new long[1];
    for (int i = 0; i < n; i++) {
      int me = i;
      var body =
          String.format(
              Locale.ROOT,
              "{\"name\":\"bench-many-%03d\",\"source_volume\":{\"id\":\"%s\"}}",
              i + 1,
              instances.get(i).volumeId());
      var request = api.postRequest("/v1/images", body);
      threads.add(
          Thread.ofPlatform()
              .name("bench-capture-" + i)
              .start(
                  () -> {
                    ready.countDown();
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    long t0 = System.nanoTime();
                    try {
                      var r = api.send(request);
                      long t1 = System.nanoTime();
                      postNanos[me] = t1 - t0;
                      if (r.statusCode() == 201) {
                        ids[me] = ApiSession.parse(r.body()).path("id").asText();
                      } else {
                        errors[me] = r.statusCode() + ": " + Client.abbreviate(r.body());
                      }
                      answeredAt.set(me, t1);
                    } catch (RuntimeException e) {
                      errors[me] = e.toString();
                      answeredAt.set(me, System.nanoTime());
                    }
                  }));
    }
    Pause.await(ready);
    start[0] = System.nanoTime();
    go.countDown();

    var availableAt = new HashMap<String, Long>();
    var pendingUri = api.uri("/v1/images?status=pending&visibility=private&limit=100");
    long deadline = start[0] + CAPTURE_TIMEOUT.toNanos();
    long next = System.nanoTime();
    while (true) {
      long before = System.nanoTime();
      var pending = new HashSet<String>();
      var page = ApiSession.parse(api.client().getBody(pendingUri));
      for (var image : page.path("images")) {
        pending.add(image.path("id").asText());
      }
      if (page.path("total_count").asInt() > 100) {
        throw new BenchException("more than 100 pending images: the poll cannot see them all");
      }
      long now = System.nanoTime();
      int answered = 0;
      for (int i = 0; i < n; i++) {
        // answeredAt is written by the poster thread before it ends; a poll that began before the
        // answer proves nothing
        long at = answeredAt.get(i);
        if (at != 0 && at < before) {
          answered++;
          if (ids[i] != null && !pending.contains(ids[i])) {
            availableAt.putIfAbsent(ids[i], now);
          }
        }
      }
      if (answered == n && availableAt.size() == n - countNonNull(errors)) {
        break;
      }
      if (now > deadline) {
        throw new BenchException(
            "after "
                + CAPTURE_TIMEOUT.toSeconds()
                + " s, "
                + availableAt.size()
                + " of "
                + n
                + " captures are done");
      }
      next = Pause.pace(next);
    }
    Pause.join(threads);
    long end = availableAt.values().stream().mapToLong(Long::longValue).max().orElse(start[0]);

    var post = new Latencies(n);
    var available = new Latencies(n);
    var wait = new Latencies(n);
    var run = new Latencies(n);
    int refused = 0;
    for (int i = 0; i < n; i++) {
      post.add(postNanos[i]);
      if (errors[i] != null) {
        refused++;
        if (refused <= 3) {
          out("  POST %d refused: %s", i + 1, errors[i]);
        }
        continue;
      }
      var image = api.getJson("/v1/images/" + ids[i]);
      if (!image.path("status").asText().equals("available")) {
        throw new BenchException(
            "image "
                + ids[i]
                + " left pending as "
                + image.path("status").asText()
                + ": "
                + Client.abbreviate(image.path("status_reasons").toString()));
      }
      var job = api.getJson("/imprint/v1/images/" + ids[i] + "/capture");
      var createdAt = Instant.parse(image.path("created_at").asText());
      var startedAt = Instant.parse(job.path("started_at").asText());
      var updatedAt = Instant.parse(job.path("updated_at").asText());
      available.add(availableAt.get(ids[i]) - (answeredAt.get(i) - postNanos[i]));
      wait.add(Duration.between(createdAt, startedAt).toNanos());
      run.add(Duration.between(startedAt, updatedAt).toNanos());
    }
    return new Many(
        post.sorted(),
        available.sorted(),
        wait.sorted(),
        run.sorted(),
        (end - start[0]) / 1e6,
        refused);
  }

  private static int countNonNull(Object[] values) {
    int n = 0;
    for (var v : values) {
      if (v != null) {
        n++;
      }
    }
    return n;
  }

  private static List<String> reasons(JsonNode image) {
    var codes = new ArrayList<String>();
    for (var reason : image.path("status_reasons")) {
      codes.add(reason.path("code").asText());
    }
    return codes;
  }

  // timing helpers
  // ----------------------------------------------------------------------------------------------------

  private record AtOnce(long nanos) {}

  @FunctionalInterface
  private interface Task {
    Object run(int index);
  }

  /**
   * Runs {@code task} on {@code n} threads released together; the time runs from the release to the
   * last end.
   */
  private static AtOnce atOnce(int n, Task task) {
    var ready = new CountDownLatch(n);
    var go = new CountDownLatch(1);
    var ended = new long[n];
    var failure = new RuntimeException[1];
    var threads = new ArrayList<Thread>();
    for (int i = 0; i < n; i++) {
      int me = i;
      threads.add(
          Thread.ofPlatform()
              .name("bench-at-once-" + i)
              .start(
                  () -> {
                    ready.countDown();
                    try {
                      go.await();
                      task.run(me);
                    } catch (InterruptedException e) {
                      return;
                    } catch (RuntimeException e) {
                      synchronized (failure) {
                        failure[0] = e;
                      }
                    }
                    ended[me] = System.nanoTime();
                  }));
    }
    Pause.await(ready);
    long start = System.nanoTime();
    go.countDown();
    Pause.join(threads);
    synchronized (failure) {
      if (failure[0] != null) {
        throw failure[0];
      }
    }
    long end = start;
    for (long e : ended) {
      end = Math.max(end, e);
    }
    return new AtOnce(end - start);
  }
}
