package io.imprint.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code bin/bench api}: the API benchmark. On a fresh temporary data dir it measures the cold
 * start of {@code bin/imprint server} to its first 200, seeds N images into the stopped server's
 * store, starts it again and measures latency (sequential) and throughput (16 clients) of the image
 * list and get calls, and the server's RSS. Every number is printed with its ratio to a baseline
 * taken in the same run on the same machine: {@code GET /healthz} (no database) for the HTTP calls,
 * the JDK's own {@code jwebserver} for cold start and memory. It reports and exits 0 whatever the
 * numbers; a non-zero exit means the benchmark itself could not run.
 */
public final class ApiBench {
  private static final String USAGE = "usage: bin/bench api [--images N]";
  private static final String PROBE = "/v1/regions";

  /** The first administrator's key of every server this benchmark starts. */
  static final String BENCH_APIKEY = "imprint-bench-administrator-key-0123456789ab";

  /** Pairs of restarts with IAM on and off for the authorisation's cost (alternated). */
  private static final int AUTH_PAIRS = 3;

  /** The load after each restart of the IAM comparison, for its peak RSS. */
  private static final Duration AUTH_LOAD = Duration.ofSeconds(10);

  /** The most the gate may add to the p99 of a read by id. */
  private static final double AUTH_P99_TARGET_MS = 0.3;

  private static final String FIRST_PAGE = "/v1/images?limit=100";
  private static final String FILTERED_PAGE =
      "/v1/images?limit=100&status=deprecated&visibility=private";
  private static final int DEEP_PAGE = 500;
  private static final int EMPTY_STARTS = 3;
  private static final int CLIENTS = 16;
  private static final int WARMUP_ROUND = 200;
  private static final int ROUNDS = 10;
  private static final int SEGMENTS = 5;
  private static final Duration WARMUP_ROUND_CAP = Duration.ofSeconds(5);
  private static final Duration WARMUP_CAP = Duration.ofSeconds(5);
  private static final Duration MEASURE_CAP = Duration.ofSeconds(20);
  private static final int MIN_MEASURED = 100;
  private static final double P99_TARGET_MS = 10;
  private static final double COLD_START_TARGET_MS = 1500;
  private static final long RSS_TARGET_KB = 256 * 1024;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The command line: {@code --root} comes from bin/bench; the others are for quicker runs while
   * working on it.
   */
  record Options(Path root, int images, int warmup, int requests, Duration load) {
    static Options parse(String[] args) {
      Path root = null;
      int images = 100_000;
      int warmup = 1_000;
      int requests = 5_000;
      int seconds = 10;
      for (var option :
          BenchMain.options(args, "--root", "--images", "--warmup", "--requests", "--seconds")
              .entrySet()) {
        var name = option.getKey();
        var value = option.getValue();
        switch (name) {
          case "--root" -> root = Path.of(value).toAbsolutePath().normalize();
          case "--images" -> images = BenchMain.intIn(name, value, 200, 10_000_000);
          case "--warmup" -> warmup = BenchMain.intIn(name, value, 1, 1_000_000);
          case "--requests" -> requests = BenchMain.intIn(name, value, 100, 10_000_000);
          case "--seconds" -> seconds = BenchMain.intIn(name, value, 1, 3_600);
          default -> throw new IllegalStateException("an option without a case: " + name);
        }
      }
      BenchMain.requireCheckout(root);
      return new Options(root, images, warmup, requests, Duration.ofSeconds(seconds));
    }
  }

  private final Options options;
  private final Client client = new Client();
  private final List<ServerProcess> live = new ArrayList<>();
  private final AtomicBoolean cleaned = new AtomicBoolean();
  private final List<String> targets = new ArrayList<>();
  private Path tmp;

  private ApiBench(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchMain.main(args, Options::parse, USAGE, options -> new ApiBench(options)::run);
  }

  private void run() {
    try {
      tmp = Files.createTempDirectory("imprint-bench-");
    } catch (IOException e) {
      throw new BenchException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    var hook = new Thread(this::cleanUp, "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      measure();
    } catch (BenchException e) {
      throw cleaned.get() ? new BenchException("stopped") : e;
    } finally {
      cleanUp();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  private void measure() {
    int n = options.images();
    out(
        "Imprint API benchmark: %,d images; JDK %s; %d CPUs; server: bin/imprint server on SQLite, 127.0.0.1",
        n, Runtime.version(), Runtime.getRuntime().availableProcessors());
    out(
        "baselines of this run: jwebserver (the JDK's bare HTTP server) for cold start and RSS; GET /healthz for HTTP");
    var loadAtStart = loadAverage();
    var dropped =
        System.getenv().keySet().stream().filter(k -> k.startsWith("IMPRINT_")).sorted().toList();
    if (!dropped.isEmpty()) {
      out(
          "note: the server runs without %s from this environment, with bin/imprint's own JVM flags",
          String.join(", ", dropped));
    }

    // cold start
    // ------------------------------------------------------------------------------------------------
    out("");
    out(
        "cold start: spawn to first 200 of GET %s, polled every 5 ms; a jwebserver start follows each (same load)",
        PROBE);
    var starts = coldStarts();
    var baselineStarts = starts.stream().map(s -> s.baseline.ms).toList();
    double baselineMs = median(baselineStarts);
    long baselineRssKb =
        Math.round(median(starts.stream().map(s -> (double) s.baseline.rssKb).toList()));
    out(
        "  %-34s median %s ms (CPU %s ms), min %s ms (%d starts); idle RSS %s MB",
        "jwebserver (baseline)",
        ms(baselineMs),
        ms(median(starts.stream().map(s -> s.baseline.cpuMs).toList())),
        ms(min(baselineStarts)),
        starts.size(),
        mb(baselineRssKb));
    var first = starts.getFirst();
    out(
        "  %-34s %s ms (CPU %s ms) = %s baseline; start-up cache %s",
        "empty data dir, start #1",
        ms(first.ms),
        ms(first.cpuMs),
        ratio(first.ms, baselineMs),
        first.archiveStory());
    var later = starts.subList(1, starts.size());
    var laterMs = later.stream().map(s -> s.ms).toList();
    double coldMs = median(laterMs);
    out(
        "  %-34s median %s ms (CPU %s ms) = %s baseline, min %s ms",
        "empty data dir, starts #2-#" + starts.size(),
        ms(coldMs),
        ms(median(later.stream().map(s -> s.cpuMs).toList())),
        ratio(coldMs, baselineMs),
        ms(min(laterMs)));
    for (int i = 1; i < starts.size(); i++) {
      if (starts.get(i).archiveBefore != Archive.FRESH) {
        out("  note: start #%d found the start-up cache %s", i + 1, starts.get(i).archiveStory());
      }
    }
    out(
        "  %-34s median %s ms (SIGTERM to exit)",
        "stop", ms(median(starts.stream().map(s -> s.stopMs).toList())));
    target(
        coldMs < COLD_START_TARGET_MS,
        "cold start = %s ms = %s jwebserver (median of empty-dir starts #2-#%d; target < %s ms)",
        ms(coldMs),
        ratio(coldMs, baselineMs),
        starts.size(),
        ms(COLD_START_TARGET_MS));

    // seeding
    // ---------------------------------------------------------------------------------------------------
    var dataDir = starts.getLast().dataDir;
    var seeded = Seeder.seed(dataDir.resolve("imprint.db"), n);
    out("");
    out(
        "seeding %,d images: %.1f s = %,.0f images/s (%d transactions of %,d; direct to the store, server stopped)",
        n,
        seeded.nanos() / 1e9,
        n / (seeded.nanos() / 1e9),
        seeded.transactions(),
        Seeder.TRANSACTION_SIZE);

    // the server on the seeded store
    // ------------------------------------------------------------------------------
    ServerProcess server = null;
    double seededStartMs = 0;
    double seededCpuMs = 0;
    var seededArchive = Archive.of(options.root());
    for (int attempt = 1; server == null; attempt++) {
      var started = spawnImprint("seeded-" + attempt, dataDir);
      seededStartMs = started.awaitFirst200(client, PROBE, START_TIMEOUT) / 1e6;
      seededCpuMs = started.cpuMillis();
      if (!started.rebuilt()) {
        server = started;
      } else if (attempt < 3) {
        out(
            "  note: bin/imprint rebuilt the project during the start (sources changed meanwhile); starting again");
        stop(started);
      } else {
        throw new BenchException(
            "bin/imprint kept rebuilding the project: sources are changing under the benchmark; run again later");
      }
    }
    // from here on every request carries a token, as an SDK's would
    client.signIn(server.port(), BENCH_APIKEY);
    var idle = server.rss();
    var seededBaseline = baselineStart("seeded");
    out(
        "  %-34s %s ms (CPU %s ms) = %s jwebserver started right after it (%s ms)%s",
        "cold start on the seeded data dir",
        ms(seededStartMs),
        ms(seededCpuMs),
        ratio(seededStartMs, seededBaseline.ms),
        ms(seededBaseline.ms),
        seededArchive == Archive.FRESH
            ? ""
            : "; start-up cache " + seededArchive.name().toLowerCase(Locale.ROOT));
    if (!server.executable().endsWith("/java")) {
      out(
          "note: the server process runs %s, not java: bin/imprint did not exec, RSS is the wrapper's",
          server.executable());
    }

    // what the requests need: the deep page's start token and the ids of seeded images
    var walk = walk(server.port(), n);
    out("");
    out(
        "latency: 1 client in sequence; %,d warm-up + %,d measured each, measured in %d rounds over a-e (same load)",
        options.warmup(), options.requests(), ROUNDS);
    out("  %-62s  p50 ms  p90 ms  p99 ms  max ms  p99 ratio    KB", "");
    var random = new Random(42);
    var ids = walk.ids;
    var sequences =
        List.of(
            new Sequence("a GET /healthz (baseline, no database)", () -> "/healthz", null, -1),
            new Sequence(
                "b GET " + FIRST_PAGE + " (first page)",
                () -> FIRST_PAGE,
                "images first page",
                walk.firstPageBytes),
            new Sequence(
                "c   &status=deprecated&visibility=private",
                () -> FILTERED_PAGE,
                "images filtered page",
                walk.filteredPageBytes),
            new Sequence(
                "d   &start=<token of page " + walk.deepPage + ">",
                () -> FIRST_PAGE + "&start=" + walk.deepStart,
                "images deep page " + walk.deepPage,
                walk.deepPageBytes),
            new Sequence(
                String.format(Locale.ROOT, "e GET /v1/images/{id} (random of %,d)", ids.size()),
                () -> "/v1/images/" + ids.get(random.nextInt(ids.size())),
                "image by id",
                walk.imageBytes));
    measureInSequence(server.port(), sequences);
    double baseP99 = sequences.getFirst().latencies.percentileMs(99);
    for (var seq : sequences) {
      var l = seq.latencies;
      double p99 = l.percentileMs(99);
      out(
          "  %-62s %7s %7s %7s %7s %9s %6s%s",
          seq.label,
          ms(l.percentileMs(50)),
          ms(l.percentileMs(90)),
          ms(p99),
          ms(l.maxMs()),
          ratio(p99, baseP99),
          seq.bytes < 0 ? "" : String.format(Locale.ROOT, "%.1f", seq.bytes / 1024.0),
          seq.notes(options));
      if (seq.name != null) {
        target(
            p99 < P99_TARGET_MS && l.errors() == 0,
            "p99 %s = %s ms = %s healthz p99 (target < %s ms)%s",
            seq.name,
            ms(p99),
            ratio(p99, baseP99),
            ms(P99_TARGET_MS),
            l.errors() == 0 ? "" : String.format(Locale.ROOT, "; %,d errors", l.errors()));
      }
    }
    out(
        "  (walking next from page 1 to %d took %.1f s = %s ms a page; filtered total_count %,d, seeded deprecated %,d)",
        walk.deepPage,
        walk.walkNanos / 1e9,
        ms(walk.walkNanos / 1e6 / Math.max(1, walk.deepPage - 1)),
        walk.filteredTotal,
        seeded.deprecated());

    // throughput
    // ------------------------------------------------------------------------------------------------
    out("");
    out(
        "throughput: %d clients, %d s each, in %d alternating segments after 1 s warm-up   req/s  errors  p50 ms  p99 ms  ratio",
        CLIENTS, options.load().toSeconds(), SEGMENTS);
    var loads = load(server.port(), List.of("/healthz", FIRST_PAGE));
    var loadBase = loads.getFirst();
    var loadList = loads.getLast();
    out(
        "  %-69s %,9.0f %7d %7s %7s %6s",
        "a GET /healthz (baseline)",
        loadBase.perSecond,
        loadBase.latencies.errors(),
        ms(loadBase.latencies.percentileMs(50)),
        ms(loadBase.latencies.percentileMs(99)),
        "1.0×");
    out(
        "  %-69s %,9.0f %7d %7s %7s %6s",
        "b GET " + FIRST_PAGE,
        loadList.perSecond,
        loadList.latencies.errors(),
        ms(loadList.latencies.percentileMs(50)),
        ms(loadList.latencies.percentileMs(99)),
        ratio(loadList.perSecond, loadBase.perSecond));

    // memory
    // ----------------------------------------------------------------------------------------------------
    var loaded = server.rss();
    out("");
    out(
        "memory of the server process: VmRSS idle after start %s MB, after the load %s MB, peak (VmHWM) %s MB = %s jwebserver idle",
        mb(idle.currentKb()),
        mb(loaded.currentKb()),
        mb(loaded.peakKb()),
        ratio(loaded.peakKb(), baselineRssKb));
    target(
        loaded.peakKb() < RSS_TARGET_KB,
        "peak RSS = %s MB = %s jwebserver idle RSS (target < %s MB)",
        mb(loaded.peakKb()),
        ratio(loaded.peakKb(), baselineRssKb),
        mb(RSS_TARGET_KB));
    stop(server);
    authCost(dataDir, ids);

    out("");
    out(
        "machine: 1-min load average %s at the start, %s at the end, on %d CPUs (ratios compare numbers taken under the same load)",
        loadAtStart, loadAverage(), Runtime.getRuntime().availableProcessors());
    out("");
    out("targets");
    targets.forEach(ApiBench::out);
  }

  // the gate's cost
  // ----------------------------------------------------------------------------------------------

  /**
   * GET /v1/images/{id} on the seeded data dir with IAM on and with {@code auth: none}, in pairs of
   * restarts that alternate, so that both see the same machine; the difference of the medians of
   * their p99 is what verifying the token and asking the caller's policies costs.
   */
  private void authCost(Path dataDir, List<String> ids) {
    out("");
    out(
        "IAM on vs off: GET /v1/images/{id}, %d pairs of restarts alternating off/on on the seeded data dir",
        AUTH_PAIRS);
    out("  %-62s  p50 ms  p90 ms  p99 ms  max ms  peak RSS MB", "");
    var random = new Random(7);
    var on = new ArrayList<Double>();
    var off = new ArrayList<Double>();
    var rssOn = new ArrayList<Double>();
    var rssOff = new ArrayList<Double>();
    for (int pair = 1; pair <= AUTH_PAIRS; pair++) {
      for (boolean auth : new boolean[] {false, true}) {
        var server = spawnImprint("auth-" + (auth ? "on-" : "off-") + pair, dataDir, auth);
        server.awaitFirst200(client, PROBE, START_TIMEOUT);
        var seq =
            new Sequence(
                String.format(Locale.ROOT, "pair %d, IAM %s", pair, auth ? "on " : "off"),
                () -> "/v1/images/" + ids.get(random.nextInt(ids.size())),
                null,
                -1);
        measureInSequence(server.port(), List.of(seq));
        // the memory the throughput phase asks for: 16 clients on the first page
        loadSegment(Client.uri(server.port(), FIRST_PAGE), AUTH_LOAD);
        long peakKb = server.rss().peakKb();
        stop(server);
        var l = seq.latencies;
        (auth ? on : off).add(l.percentileMs(99));
        (auth ? rssOn : rssOff).add((double) peakKb);
        out(
            "  %-62s %7s %7s %7s %7s %12s%s",
            seq.label,
            ms(l.percentileMs(50)),
            ms(l.percentileMs(90)),
            ms(l.percentileMs(99)),
            ms(l.maxMs()),
            mb(peakKb),
            seq.notes(options));
      }
    }
    double cost = median(on) - median(off);
    target(
        cost < AUTH_P99_TARGET_MS,
        "IAM adds %s ms to the p99 of a read by id (median p99 on %s ms, off %s ms; target < %s ms)",
        ms(cost),
        ms(median(on)),
        ms(median(off)),
        ms(AUTH_P99_TARGET_MS));
    target(
        median(rssOn) < RSS_TARGET_KB,
        "peak RSS with IAM = %s MB, without %s MB (medians after %d s of 16 clients on the first page; target < %s MB)",
        mb(Math.round(median(rssOn))),
        mb(Math.round(median(rssOff))),
        AUTH_LOAD.toSeconds(),
        mb(RSS_TARGET_KB));
  }

  // cold starts
  // -------------------------------------------------------------------------------------------------

  /**
   * The state of bin/imprint's start-up cache: the AOT cache its training run records on JDK 25 and
   * later, else the class-data archive the JVM writes at its first exit.
   */
  private enum Archive {
    ABSENT,
    /** newer than the jars: the JVM maps it */
    FRESH,
    /**
     * older than a jar (built other than by bin/imprint): the JVM finds its class path changed and
     * ignores it
     */
    STALE;

    static Archive of(Path root) {
      var aot = root.resolve("server/target/imprint.aot");
      var archive = Files.exists(aot) ? aot : root.resolve("server/target/imprint.jsa");
      if (!Files.exists(archive)) {
        return ABSENT;
      }
      try (var libs = Files.list(root.resolve("server/target/lib"))) {
        var made = Files.getLastModifiedTime(archive);
        var jars =
            Stream.concat(Stream.of(root.resolve("server/target/imprint-server.jar")), libs)
                .toList();
        for (var jar : jars) {
          if (Files.getLastModifiedTime(jar).compareTo(made) > 0) {
            return STALE;
          }
        }
        return FRESH;
      } catch (IOException e) {
        throw new BenchException(
            "cannot compare the class-data archive with the jars: " + e.getMessage(), e);
      }
    }
  }

  private record Start(
      double ms,
      double cpuMs,
      double stopMs,
      Path dataDir,
      Archive archiveBefore,
      Archive archiveAfter,
      BaselineStart baseline) {
    String archiveStory() {
      return switch (archiveBefore) {
        case ABSENT ->
            archiveAfter == Archive.FRESH
                ? "absent, recorded by this start (a first-ever start: a training run before it on JDK 25+, else at its exit)"
                : "absent, and not recorded by this start";
        case FRESH -> "already there (not a first-ever start)";
        case STALE ->
            "stale (jars rebuilt after it; the JVM ignores it)"
                + (archiveAfter == Archive.FRESH
                    ? ", rewritten at its exit"
                    : " and did not replace it at its exit");
      };
    }
  }

  private record BaselineStart(double ms, double cpuMs, long rssKb) {}

  /**
   * {@link #EMPTY_STARTS} starts of bin/imprint, each on a new empty data dir and each followed by
   * a start of the baseline. A start during which bin/imprint rebuilt the project (someone changed
   * a source meanwhile) is thrown away, and counting begins again at #1, as the rebuild also
   * removed the class-data archive.
   */
  private List<Start> coldStarts() {
    baselineStart("warm-up"); // not counted: it warms this client's HTTP code up
    var starts = new ArrayList<Start>();
    for (int attempt = 1; starts.size() < EMPTY_STARTS; attempt++) {
      if (attempt > EMPTY_STARTS + 3) {
        throw new BenchException(
            "bin/imprint kept rebuilding the project: sources are changing under the benchmark; run again later");
      }
      var dataDir = mkdirs(tmp.resolve("data-" + attempt));
      var archiveBefore = Archive.of(options.root());
      var server = spawnImprint("start-" + attempt, dataDir);
      double ms = server.awaitFirst200(client, PROBE, START_TIMEOUT) / 1e6;
      double cpuMs = server.cpuMillis();
      double stopMs = stop(server) / 1e6;
      if (server.rebuilt()) {
        out(
            "  note: bin/imprint rebuilt the project during a start (sources changed meanwhile); starting the count again");
        starts.clear();
        continue;
      }
      var baseline = baselineStart(Integer.toString(attempt));
      starts.add(
          new Start(
              ms, cpuMs, stopMs, dataDir, archiveBefore, Archive.of(options.root()), baseline));
    }
    return starts;
  }

  /**
   * jwebserver serving an empty directory: the start of a bare JDK HTTP server on this machine, and
   * its RSS.
   */
  private BaselineStart baselineStart(String name) {
    var jwebserver = Path.of(System.getProperty("java.home"), "bin", "jwebserver");
    if (!Files.isExecutable(jwebserver)) {
      throw new BenchException(jwebserver + " is missing: the baseline needs the JDK's jwebserver");
    }
    var served = mkdirs(tmp.resolve("jwebserver-root"));
    int port = ServerProcess.freePort();
    var server =
        track(
            () ->
                ServerProcess.spawn(
                    "jwebserver",
                    List.of(
                        jwebserver.toString(),
                        "-b",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-d",
                        served.toString(),
                        "-o",
                        "none"),
                    port,
                    tmp.resolve("jwebserver-" + name + ".log"),
                    List.of()));
    double ms = server.awaitFirst200(client, "/", START_TIMEOUT) / 1e6;
    double cpuMs = server.cpuMillis();
    long rss = server.rss().currentKb();
    stop(server);
    return new BaselineStart(ms, cpuMs, rss);
  }

  private ServerProcess spawnImprint(String name, Path dataDir) {
    return spawnImprint(name, dataDir, true);
  }

  /** bin/imprint server on {@code dataDir}, with IAM on or ({@code auth: none}) off. */
  private ServerProcess spawnImprint(String name, Path dataDir, boolean auth) {
    int port = ServerProcess.freePort();
    return track(
        () ->
            ServerProcess.imprint(
                options.root(),
                dataDir,
                port,
                tmp.resolve("imprint-" + name + ".log"),
                auth
                    ? Map.of("IMPRINT_BOOTSTRAP_APIKEY", BENCH_APIKEY)
                    : Map.of("IMPRINT_BOOTSTRAP_APIKEY", BENCH_APIKEY, "IMPRINT_AUTH", "none")));
  }

  // the pages
  // ---------------------------------------------------------------------------------------------------

  private record Walk(
      int deepPage,
      String deepStart,
      List<String> ids,
      long walkNanos,
      long filteredTotal,
      int firstPageBytes,
      int filteredPageBytes,
      int deepPageBytes,
      int imageBytes) {}

  /**
   * Follows {@code next} from the first page to page {@link #DEEP_PAGE} (or the last page) to get a
   * start token the server signed, and collects the ids of the seeded images on the way; checks the
   * pages look as seeded.
   */
  private Walk walk(int port, int seededCount) {
    var firstBody = client.getBody(Client.uri(port, FIRST_PAGE));
    var first = parse(firstBody);
    long total = first.path("total_count").asLong(-1);
    if (first.path("images").size() != 100 || total < seededCount) {
      throw new BenchException(
          "the first page has "
              + first.path("images").size()
              + " images and total_count "
              + total
              + "; expected 100 and at least "
              + seededCount);
    }
    var ids = new ArrayList<String>();
    collectIds(first, ids);
    int page = 1;
    String start = null;
    var node = first;
    String body = firstBody;
    long t0 = System.nanoTime();
    while (page < DEEP_PAGE && node.hasNonNull("next")) {
      start = startOf(node.path("next").path("href").asText());
      body = client.getBody(Client.uri(port, FIRST_PAGE + "&start=" + start));
      node = parse(body);
      collectIds(node, ids);
      page++;
    }
    long walkNanos = System.nanoTime() - t0;
    if (start == null) {
      throw new BenchException("the first page of " + total + " images has no next link");
    }
    var filteredBody = client.getBody(Client.uri(port, FILTERED_PAGE));
    var filtered = parse(filteredBody);
    for (var image : filtered.path("images")) {
      if (!image.path("status").asText().equals("deprecated")) {
        throw new BenchException(
            "the filtered page holds an image of status " + image.path("status").asText());
      }
    }
    if (ids.isEmpty()) {
      throw new BenchException("no seeded image on the pages walked");
    }
    var imageBody = client.getBody(Client.uri(port, "/v1/images/" + ids.getFirst()));
    return new Walk(
        page,
        start,
        ids,
        walkNanos,
        filtered.path("total_count").asLong(-1),
        bytes(firstBody),
        bytes(filteredBody),
        bytes(body),
        bytes(imageBody));
  }

  private static void collectIds(JsonNode page, List<String> ids) {
    for (var image : page.path("images")) {
      if (image.path("name").asText().startsWith(Seeder.NAME_PREFIX)) {
        ids.add(image.path("id").asText());
      }
    }
  }

  /** The {@code start} query parameter of a next href, URL-encoded again for our own URL. */
  static String startOf(String href) {
    var query = URI.create(href).getRawQuery();
    if (query != null) {
      for (var pair : query.split("&")) {
        if (pair.startsWith("start=")) {
          var value = URLDecoder.decode(pair.substring("start=".length()), StandardCharsets.UTF_8);
          return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
      }
    }
    throw new BenchException("the next href has no start parameter: " + href);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new BenchException("not JSON: " + Client.abbreviate(body), e);
    }
  }

  private static int bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8).length;
  }

  // latency and throughput
  // ----------------------------------------------------------------------------------------

  /** One kind of request measured in sequence, and what has been measured of it so far. */
  private static final class Sequence {
    final String label;
    final Supplier<String> path;

    /** Its name in the targets; null for the baseline. */
    final String name;

    final int bytes;
    Latencies latencies;
    int warmedUp;
    int sent;

    Sequence(String label, Supplier<String> path, String name, int bytes) {
      this.label = label;
      this.path = path;
      this.name = name;
      this.bytes = bytes;
    }

    String notes(Options options) {
      var notes = new ArrayList<String>();
      if (latencies.errors() > 0) {
        notes.add(String.format(Locale.ROOT, "%,d errors", latencies.errors()));
      }
      if (sent < options.requests() || warmedUp < options.warmup()) {
        notes.add(
            String.format(
                Locale.ROOT,
                "cut at %d s + %d s: %,d warm-up, %,d measured",
                WARMUP_CAP.toSeconds(),
                MEASURE_CAP.toSeconds(),
                warmedUp,
                sent));
      }
      return notes.isEmpty() ? "" : "  (" + String.join("; ", notes) + ")";
    }
  }

  /**
   * Measures every sequence one request after another on one kept-alive connection. Right after a
   * start the JIT is still compiling on one of the two cores, so a first round goes over all of
   * them; then each gets its own warm-up; then the measured requests run in {@link #ROUNDS} rounds
   * over all sequences, so that a burst of load from elsewhere on the machine falls on all of them
   * alike. A non-200 during the warm-up means the request is wrong and stops the benchmark; during
   * the measurement it is counted. So that a slow server cannot stretch the run past a few minutes,
   * a warm-up stops after {@link #WARMUP_CAP} and a measurement after {@link #MEASURE_CAP} (with at
   * least {@link #MIN_MEASURED} requests), and its line says so.
   */
  private void measureInSequence(int port, List<Sequence> sequences) {
    long roundUntil = System.nanoTime() + WARMUP_ROUND_CAP.toNanos();
    for (int i = 0; i < WARMUP_ROUND && System.nanoTime() < roundUntil; i++) {
      for (var seq : sequences) {
        send(Client.uri(port, seq.path.get()));
      }
    }
    for (var seq : sequences) {
      long warmUntil = System.nanoTime() + WARMUP_CAP.toNanos();
      while (seq.warmedUp < options.warmup()
          && (seq.warmedUp < MIN_MEASURED || System.nanoTime() < warmUntil)) {
        var uri = Client.uri(port, seq.path.get());
        var r = send(uri);
        if (r == null || r.status() != 200) {
          throw new BenchException(
              "warm-up of "
                  + seq.label.substring(2).trim()
                  + ": GET "
                  + uri
                  + " answered "
                  + (r == null
                      ? "nothing (I/O error)"
                      : r.status() + ": " + Client.abbreviate(r.body())));
        }
        seq.warmedUp++;
      }
      seq.latencies = new Latencies(options.requests());
    }
    long roundNanos = MEASURE_CAP.toNanos() / ROUNDS;
    int perRound = (options.requests() + ROUNDS - 1) / ROUNDS;
    int minPerRound = (MIN_MEASURED + ROUNDS - 1) / ROUNDS;
    for (int round = 1; round <= ROUNDS; round++) {
      int upTo = Math.min(options.requests(), perRound * round);
      for (var seq : sequences) {
        long until = System.nanoTime() + roundNanos;
        int inRound = 0;
        while (seq.sent < upTo) {
          if (inRound >= minPerRound && System.nanoTime() > until) {
            break;
          }
          var uri = Client.uri(port, seq.path.get());
          long t0 = System.nanoTime();
          var r = send(uri);
          long t = System.nanoTime() - t0;
          if (r != null && r.status() == 200) {
            seq.latencies.add(t);
          } else {
            seq.latencies.error();
          }
          seq.sent++;
          inRound++;
        }
      }
    }
    sequences.forEach(seq -> seq.latencies.sorted());
  }

  private Client.Response send(URI uri) {
    try {
      return client.get(uri);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  private record Load(double perSecond, Latencies latencies) {}

  /**
   * {@link #CLIENTS} threads sending the same request back to back: for each path 1 s of warm-up,
   * then the measured time in {@link #SEGMENTS} segments that alternate between the paths.
   */
  private List<Load> load(int port, List<String> paths) {
    var uris = paths.stream().map(p -> Client.uri(port, p)).toList();
    for (var uri : uris) {
      loadSegment(uri, Duration.ofSeconds(1));
    }
    var all = new ArrayList<Latencies>();
    var nanos = new long[uris.size()];
    uris.forEach(u -> all.add(new Latencies(1 << 16)));
    var segment = options.load().dividedBy(SEGMENTS);
    for (int s = 0; s < SEGMENTS; s++) {
      for (int i = 0; i < uris.size(); i++) {
        var result = loadSegment(uris.get(i), segment);
        all.get(i).addAll(result.latencies);
        nanos[i] += result.nanos;
      }
    }
    var loads = new ArrayList<Load>();
    for (int i = 0; i < uris.size(); i++) {
      var l = all.get(i).sorted();
      loads.add(new Load((l.count() + l.errors()) / (nanos[i] / 1e9), l));
    }
    return loads;
  }

  private record Segment(Latencies latencies, long nanos) {}

  /**
   * {@link #CLIENTS} threads for {@code duration}; the time runs until the last of their requests
   * is answered.
   */
  private Segment loadSegment(URI uri, Duration duration) {
    var ready = new CountDownLatch(CLIENTS);
    var go = new CountDownLatch(1);
    var perThread = new Latencies[CLIENTS];
    var finished = new long[CLIENTS];
    var threads = new ArrayList<Thread>();
    long[] until = new long[1];
    for (int c = 0; c < CLIENTS; c++) {
      int me = c;
      perThread[c] = new Latencies(1 << 12);
      threads.add(
          Thread.ofPlatform()
              .name("bench-client-" + c)
              .start(
                  () -> {
                    ready.countDown();
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    var mine = perThread[me];
                    long now;
                    while ((now = System.nanoTime()) < until[0]) {
                      var r = send(uri);
                      long t = System.nanoTime() - now;
                      if (r != null && r.status() == 200) {
                        mine.add(t);
                      } else {
                        mine.error();
                      }
                    }
                    finished[me] = System.nanoTime();
                  }));
    }
    long start;
    try {
      ready.await();
      start = System.nanoTime();
      until[0] = start + duration.toNanos();
      go.countDown();
      for (var t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
    var all = new Latencies(1 << 14);
    long end = start;
    for (int c = 0; c < CLIENTS; c++) {
      all.addAll(perThread[c]);
      end = Math.max(end, finished[c]);
    }
    return new Segment(all, end - start);
  }

  // process bookkeeping
  // -----------------------------------------------------------------------------------------

  /**
   * Spawns a process and keeps it in {@link #live} until it is stopped. Once the clean-up has begun
   * (Ctrl-C), nothing new starts: the main thread may still be running when the shutdown hook
   * cleans up.
   */
  private ServerProcess track(Supplier<ServerProcess> spawn) {
    synchronized (live) {
      requireRunning();
      var server = spawn.get();
      live.add(server);
      return server;
    }
  }

  private void requireRunning() {
    if (cleaned.get()) {
      throw new BenchException("stopped");
    }
  }

  private long stop(ServerProcess server) {
    long nanos = server.stop();
    synchronized (live) {
      live.remove(server);
    }
    return nanos;
  }

  /**
   * Kills what is still running and deletes the temporary directory; runs once, at the end or on
   * Ctrl-C.
   */
  private void cleanUp() {
    synchronized (live) {
      if (!cleaned.compareAndSet(false, true)) {
        return;
      }
      live.forEach(ServerProcess::close);
      live.clear();
    }
    if (tmp != null) {
      try (Stream<Path> paths = Files.walk(tmp)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        System.err.println("bench: could not delete " + tmp + ": " + e.getMessage());
      }
    }
  }

  /** The first field of {@code /proc/loadavg}, or "?". */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private Path mkdirs(Path dir) {
    synchronized (live) {
      requireRunning();
    }
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BenchException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  // output
  // ------------------------------------------------------------------------------------------------------

  private static void out(String format, Object... args) {
    System.out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  private void target(boolean pass, String format, Object... args) {
    targets.add("  " + (pass ? "PASS" : "FAIL") + "  " + String.format(Locale.ROOT, format, args));
  }

  private static String ms(double ms) {
    if (Double.isNaN(ms)) {
      return "-";
    }
    return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
  }

  private static String mb(long kb) {
    return String.format(Locale.ROOT, "%.0f", kb / 1024.0);
  }

  private static String ratio(double value, double baseline) {
    if (!(baseline > 0)) {
      return "-";
    }
    double r = value / baseline;
    return String.format(Locale.ROOT, r < 1 ? "%.2f×" : r < 10 ? "%.1f×" : "%.0f×", r);
  }

  private static double median(List<Double> values) {
    var sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }
}
