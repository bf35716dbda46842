package io.imprint.bench;

import static io.imprint.bench.Report.median;
import static io.imprint.bench.Report.ms;
import static io.imprint.bench.Report.out;
import static io.imprint.bench.Report.ratio;
import static io.imprint.bench.Report.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bin/bench keys}: a root key that protects N images (default 10,000) is disabled, and
 * enabled again, through Key Protect's API of a real {@code bin/imprint server}. The images move in
 * the key's own transaction (KeyProtectedResources), so the figure is the time of {@code POST
 * /api/v2/keys/{id}/actions/disable} until it answers, and the proof is read afterwards: {@code GET
 * /imprint/v1/images/status_counts} must count all N {@code unusable} (then all {@code available}
 * after the enable).
 *
 * <p>The images are made as a user makes them: same-key captures of stopped instances' boot volumes
 * under the key (copy-on-write, so each is a chunk map and a data key), one instance per {@code
 * --clients} thread, as a volume takes one capture at a time. So every row is the server's own (the
 * image with its key, its data key's {@code root_key}, its registration with the key).
 *
 * <p>Baselines, same run and server, to say what the figure is made of: the same disable and enable
 * of a key that protects nothing (the fixed cost of the call: its event, IAM, the key's row), and
 * reading every one of the N images once through {@code GET /v1/images} page by page (what touching
 * each image once costs through the API).
 */
public final class KeysBench {
  private static final String USAGE =
      "usage: bin/bench keys [--images N] [--clients N] [--rounds N]";
  private static final String SETTLE_STEP = "PT0.05S";
  private static final double TARGET_S = 2.0;
  private static final Duration CAPTURE_TIMEOUT = Duration.ofMinutes(2);

  record Options(Path root, int images, int clients, int rounds) {
    static Options parse(String[] args) {
      Path root = null;
      int images = 10_000;
      int clients = 8;
      int rounds = 3;
      for (var option :
          BenchMain.options(args, "--root", "--images", "--clients", "--rounds").entrySet()) {
        var name = option.getKey();
        var value = option.getValue();
        switch (name) {
          case "--root" -> root = Path.of(value).toAbsolutePath().normalize();
          case "--images" -> images = BenchMain.intIn(name, value, 1, 1_000_000);
          case "--clients" -> clients = BenchMain.intIn(name, value, 1, 64);
          case "--rounds" -> rounds = BenchMain.intIn(name, value, 1, 20);
          default -> throw new IllegalStateException("an option without a case: " + name);
        }
      }
      BenchMain.requireCheckout(root);
      return new Options(root, images, clients, rounds);
    }
  }

  private final Options options;
  private final Report report = new Report();
  private Scratch scratch;
  private ApiSession api;

  private KeysBench(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchMain.main(args, Options::parse, USAGE, options -> new KeysBench(options)::run);
  }

  private void run() throws IOException {
    ApiSession.inScratch(
        "imprint-bench-keys-",
        () -> api,
        given -> {
          scratch = given;
          measure();
        });
  }

  private void measure() {
    long started = System.nanoTime();
    int n = options.images();
    var dropped = ApiSession.imprintVariables();
    out(
        "Imprint key benchmark: a root key over %,d images disabled and enabled; bin/imprint server on SQLite in %s,"
            + " through its HTTP API on 127.0.0.1; JDK %s; %d CPUs%s",
        n,
        scratch.dir(),
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        dropped.isEmpty()
            ? ""
            : "; the server runs without " + String.join(", ", dropped) + " from this environment");
    out(
        "baselines of this run: the same disable and enable of a key that protects nothing; every image read once"
            + " through GET /v1/images, page by page");
    var loadAtStart = Report.loadAverage();
    api =
        ApiSession.start(
            options.root(), scratch, "instance-settle-step=" + SETTLE_STEP + "\n", dropped);

    var key = api.createKey("bench-keys-protecting");
    var empty = api.createKey("bench-keys-empty");
    var stockId = api.stockImageId();
    var subnetId = api.subnetId();
    var instances = new ArrayList<ApiSession.Instance>();
    for (int i = 0; i < options.clients(); i++) {
      instances.add(
          api.createInstance(
              String.format(Locale.ROOT, "bench-keys-%02d", i), stockId, subnetId, key.crn()));
    }
    instances.forEach(api::forceStop);
    for (var instance : instances) {
      api.awaitInstance(instance.id(), "stopped");
    }
    seed(instances, n);

    // baselines
    out("");
    var emptyDisable = new ArrayList<Double>();
    var emptyEnable = new ArrayList<Double>();
    for (int r = 0; r < options.rounds(); r++) {
      emptyDisable.add(api.keyAction(empty, "disable") / 1e6);
      emptyEnable.add(api.keyAction(empty, "enable") / 1e6);
    }
    double emptyDisableMs = median(emptyDisable);
    double emptyEnableMs = median(emptyEnable);
    out(
        "baseline: disable of a key that protects nothing: median %s ms (%s); enable: median %s ms (%s)",
        ms(emptyDisableMs), Report.list(emptyDisable), ms(emptyEnableMs), Report.list(emptyEnable));
    var lists = new ArrayList<Double>();
    for (int r = 0; r < options.rounds(); r++) {
      lists.add(listAll(n) / 1e6);
    }
    double listMs = median(lists);
    out(
        "baseline: every one of the %,d images read once, GET /v1/images?limit=100 page by page (%d pages): median %s ms (%s)",
        n, (n + 99) / 100, ms(listMs), Report.list(lists));

    // the key over the images
    out("");
    out(
        "the key over %,d images (and %d boot volumes), %d rounds:",
        n, options.clients(), options.rounds());
    out("  %-3s %12s %12s", "#", "disable ms", "enable ms");
    var disables = new ArrayList<Double>();
    var enables = new ArrayList<Double>();
    for (int r = 1; r <= options.rounds(); r++) {
      double disable = api.keyAction(key, "disable") / 1e6;
      expectAll(n, "unusable");
      expectReason();
      double enable = api.keyAction(key, "enable") / 1e6;
      expectAll(n, "available");
      disables.add(disable);
      enables.add(enable);
      out("  %-3d %12s %12s", r, ms(disable), ms(enable));
    }
    double disableMs = median(disables);
    double enableMs = median(enables);
    out(
        "  disable: median %s ms = %s the empty key's, %s the list of every image; %,.0f images a second",
        ms(disableMs),
        ratio(disableMs, emptyDisableMs),
        ratio(disableMs, listMs),
        n / (disableMs / 1e3));
    out(
        "  enable: median %s ms = %s the empty key's, %s the list of every image",
        ms(enableMs), ratio(enableMs, emptyEnableMs), ratio(enableMs, listMs));
    out(
        "  (after each call, GET /imprint/v1/images/status_counts counted all %,d unusable, then all available)",
        n);
    report.target(
        disableMs / 1e3 <= TARGET_S,
        "disable of a key over %,d images: all unusable in %s s = %s the empty key's disable, %s"
            + " the list of every image (median of %d; target <= %s s)",
        n,
        seconds(disableMs / 1e3),
        ratio(disableMs, emptyDisableMs),
        ratio(disableMs, listMs),
        disables.size(),
        seconds(TARGET_S));
    report.target(
        enableMs / 1e3 <= TARGET_S,
        "enable again: all available in %s s = %s the empty key's enable (median of %d; target <= %s s)",
        seconds(enableMs / 1e3),
        ratio(enableMs, emptyEnableMs),
        enables.size(),
        seconds(TARGET_S));

    api.finish(report, loadAtStart, started);
  }

  /**
   * {@code count} same-key captures from {@code --clients} threads, each capturing its own
   * instance's boot volume one image after the other (a volume takes one capture at a time), then
   * waits until every image is available.
   */
  private void seed(List<ApiSession.Instance> instances, int count) {
    long t0 = System.nanoTime();
    var next = new AtomicInteger();
    var failure = new AtomicReference<RuntimeException>();
    var threads = new ArrayList<Thread>();
    for (var instance : instances) {
      threads.add(
          Thread.ofPlatform()
              .name("bench-seed-" + threads.size())
              .start(
                  () -> {
                    int i;
                    while (failure.get() == null && (i = next.getAndIncrement()) < count) {
                      try {
                        captureOne(instance.volumeId(), i);
                      } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                      }
                    }
                  }));
    }
    Pause.join(threads);
    if (failure.get() != null) {
      throw failure.get();
    }
    expectAll(count, "available");
    long all = System.nanoTime() - t0;
    out("");
    out(
        "setup: %,d images captured from %d boot volumes under the key (same key: copy-on-write), one capture at a time"
            + " per volume from %d threads: all available after %s s (%,.0f a second)",
        count, instances.size(), instances.size(), seconds(all / 1e9), count / (all / 1e9));
  }

  /** One capture, POSTed and polled every 5 ms until available. */
  private void captureOne(String volumeId, int i) {
    var created =
        ApiSession.parse(
            api.post(
                "/v1/images",
                String.format(
                    Locale.ROOT,
                    "{\"name\":\"bench-key-image-%06d\",\"source_volume\":{\"id\":\"%s\"}}",
                    i,
                    volumeId),
                201));
    var uri = api.uri("/v1/images/" + created.path("id").asText());
    long deadline = System.nanoTime() + CAPTURE_TIMEOUT.toNanos();
    long tick = System.nanoTime();
    while (true) {
      var status = ApiSession.parse(api.client().getBody(uri)).path("status").asText();
      if (status.equals("available")) {
        return;
      }
      if (!status.equals("pending") || System.nanoTime() > deadline) {
        throw new BenchException("a capture made to seed the images is " + status);
      }
      tick = Pause.pace(tick);
    }
  }

  /** The private images by status. */
  private JsonNode statusCounts() {
    return api.getJson("/imprint/v1/images/status_counts?visibility=private").path("status_counts");
  }

  private void expectAll(int count, String status) {
    var counts = statusCounts();
    long total = 0;
    for (var n : counts) {
      total += n.asLong();
    }
    if (counts.path(status).asLong() != count || total != count) {
      throw new BenchException(
          "right after the key's call, " + count + " images should be " + status + ": " + counts);
    }
  }

  private void expectReason() {
    var image =
        api.getJson("/v1/images?visibility=private&status=unusable&limit=1").path("images").path(0);
    var code = image.path("status_reasons").path(0).path("code").asText();
    if (!code.equals("encryption_key_disabled")) {
      throw new BenchException("an unusable image says " + code + ", not encryption_key_disabled");
    }
  }

  /** Reads every private image once, page by page; nanoseconds. */
  private long listAll(int count) {
    var first = "/v1/images?visibility=private&limit=100";
    long t0 = System.nanoTime();
    var page = api.getJson(first);
    int seen = page.path("images").size();
    while (page.hasNonNull("next")) {
      page =
          api.getJson(
              first + "&start=" + ApiBench.startOf(page.path("next").path("href").asText()));
      seen += page.path("images").size();
    }
    long nanos = System.nanoTime() - t0;
    if (seen != count) {
      throw new BenchException("the list walked " + seen + " images, not " + count);
    }
    return nanos;
  }
}
