package io.imprint.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A real {@code bin/imprint server} process on a {@link Scratch} data dir and the calls the
 * benchmarks that drive it over HTTP share (bin/bench capture, bin/bench keys): signed in with the
 * bootstrap key as an SDK is, JSON bodies, instances from the stock image, Key Protect root keys.
 */
final class ApiSession {
  static final String STOCK_IMAGE = "ibm-debian-12-minimal-amd64-1";
  static final String ZONE = "us-south-1";

  /** The Key Protect instance (any GUID is one) whose root keys the benchmarks make. */
  static final String KMS_INSTANCE = "5b0a5c8e-6f6b-4f1e-9a43-2b7f3c1d9e10";

  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Client client = new Client();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ServerProcess server;
  private final int port;

  private ApiSession(ServerProcess server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts the server of the checkout at {@code root} on {@code scratch}'s data dir with {@code
   * config} as its properties file and without the {@code dropEnv} variables, waits until it
   * answers and signs in. The scratch stops the server when it closes.
   */
  static ApiSession start(Path root, Scratch scratch, String config, List<String> dropEnv) {
    var file = scratch.dir().resolve("imprint.properties");
    try {
      Files.writeString(file, config);
    } catch (IOException e) {
      throw new BenchException("cannot write " + file + ": " + e.getMessage(), e);
    }
    int port = ServerProcess.freePort();
    var command =
        ServerProcess.command(
            root, port, scratch.dir().resolve("data"), "--config", file.toString());
    ApiSession session;
    synchronized (scratch) {
      scratch.requireOpen();
      var server =
          ServerProcess.spawn(
              "bin/imprint server",
              command,
              port,
              scratch.dir().resolve("server.log"),
              dropEnv,
              Map.of("IMPRINT_BOOTSTRAP_APIKEY", ApiBench.BENCH_APIKEY));
      scratch.onClose(server::close);
      session = new ApiSession(server, port);
    }
    // the token endpoint's keys are public: the server serves before anyone has signed in
    long nanos = session.server.awaitFirst200(session.client, "/identity/keys", START_TIMEOUT);
    // from here on every request carries the administrator's token, as an SDK's would
    session.client.signIn(port, ApiBench.BENCH_APIKEY);
    Report.out(
        "server: answered %s s after the spawn%s",
        Report.seconds(nanos / 1e9),
        session.server.rebuilt() ? " (bin/imprint rebuilt the project first)" : "");
    return session;
  }

  /** A benchmark's measurement, in the scratch directory it is given. */
  @FunctionalInterface
  interface Measure {
    void measure(Scratch scratch) throws IOException;
  }

  /**
   * Runs {@code measure} in a new scratch directory, deleted at the end. When it fails, the end of
   * the log of the server it started ({@code session}, null if none yet) is printed first.
   */
  static void inScratch(String prefix, Supplier<ApiSession> session, Measure measure)
      throws IOException {
    var scratch = new Scratch(prefix);
    try {
      measure.measure(scratch);
    } catch (RuntimeException e) {
      if (scratch.isClosed()) {
        // Ctrl-C: the shutdown hook stopped the server under the running code
        throw e instanceof BenchException ? e : new BenchException("stopped", e);
      }
      var started = session.get();
      if (started != null) {
        System.err.println("bench: the server's log ends with:\n" + started.server.logTail(30));
      }
      throw e;
    } finally {
      scratch.close();
    }
  }

  /**
   * Stops the server and prints its peak RSS, then the machine's load at the start ({@code
   * loadAtStart}) and now, and the run's length since {@code startedNanos}; then the targets.
   */
  void finish(Report report, String loadAtStart, long startedNanos) {
    var rss = server.rss();
    long stopNanos = server.stop();
    Report.out("");
    Report.out(
        "server: peak RSS (VmHWM) %,d MB; stopped by SIGTERM in %s ms",
        rss.peakKb() / 1024, Report.ms(stopNanos / 1e6));
    Report.out(
        "machine: 1-min load average %s at the start, %s at the end, on %d CPUs; the run took %s s",
        loadAtStart,
        Report.loadAverage(),
        Runtime.getRuntime().availableProcessors(),
        Report.seconds((System.nanoTime() - startedNanos) / 1e9));
    report.printTargets();
  }

  /** The IMPRINT_* variables of this environment, which the server is started without. */
  static List<String> imprintVariables() {
    return System.getenv().keySet().stream()
        .filter(k -> k.startsWith("IMPRINT_"))
        .sorted()
        .toList();
  }

  Client client() {
    return client;
  }

  ServerProcess server() {
    return server;
  }

  URI uri(String pathAndQuery) {
    return Client.uri(port, pathAndQuery);
  }

  // the stock image, the subnet and instances
  // ---------------------------------------------------------------------------

  /** The id of the stock image the instances boot from. */
  String stockImageId() {
    var stock = getJson("/v1/images?name=" + STOCK_IMAGE).path("images");
    if (stock.size() != 1) {
      throw new BenchException(
          "GET /v1/images?name=" + STOCK_IMAGE + " found " + stock.size() + " images, not 1");
    }
    return stock.get(0).path("id").asText();
  }

  String subnetId() {
    var subnets = getJson("/v1/subnets?zone.name=" + ZONE).path("subnets");
    if (subnets.isEmpty()) {
      throw new BenchException("no subnet in zone " + ZONE);
    }
    return subnets.get(0).path("id").asText();
  }

  record Instance(String id, String volumeId) {}

  /**
   * An instance of {@code imageId}; its boot volume encrypted under the root key {@code keyCrn}, or
   * as its image is when null.
   */
  Instance createInstance(String name, String imageId, String subnetId, String keyCrn) {
    var boot =
        keyCrn == null
            ? ""
            : String.format(
                Locale.ROOT,
                ",\"boot_volume_attachment\":{\"volume\":{\"name\":\"%s-boot\",\"encryption_key\":{\"crn\":\"%s\"}}}",
                name,
                keyCrn);
    var body =
        String.format(
            Locale.ROOT,
            "{\"name\":\"%s\",\"zone\":{\"name\":\"%s\"},\"image\":{\"id\":\"%s\"},\"primary_network_interface\":{\"subnet\":{\"id\":\"%s\"}}%s}",
            name,
            ZONE,
            imageId,
            subnetId,
            boot);
    var created = parse(post("/v1/instances", body, 201));
    var volumeId = created.path("boot_volume_attachment").path("volume").path("id").asText("");
    if (volumeId.isEmpty()) {
      throw new BenchException(
          "the new instance "
              + name
              + " has no boot volume: "
              + Client.abbreviate(created.toString()));
    }
    return new Instance(created.path("id").asText(), volumeId);
  }

  void forceStop(Instance instance) {
    post("/v1/instances/" + instance.id() + "/actions", "{\"type\":\"stop\",\"force\":true}", 201);
  }

  void awaitInstance(String id, String status) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      var now = getJson("/v1/instances/" + id).path("status").asText();
      if (now.equals(status)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new BenchException(
            "instance " + id + " is still " + now + " after 60 s, not " + status);
      }
      Pause.sleep(Duration.ofMillis(10));
    }
  }

  // Key Protect
  // ---------------------------------------------------------------------------------------------

  record Key(String id, String crn) {}

  /** A new root key of {@link #KMS_INSTANCE}. */
  Key createKey(String name) {
    var body =
        "{\"metadata\":{\"collectionType\":\"application/vnd.ibm.kms.key+json\",\"collectionTotal\":1},"
            + "\"resources\":[{\"type\":\"application/vnd.ibm.kms.key+json\",\"name\":\""
            + name
            + "\",\"extractable\":false}]}";
    var key = parse(send(kmsRequest("/api/v2/keys", body), 201)).path("resources").path(0);
    return new Key(key.path("id").asText(), key.path("crn").asText());
  }

  /**
   * {@code POST /api/v2/keys/{id}/actions/{action}} (disable, enable), which must answer 204;
   * returns the nanoseconds until the answer.
   */
  long keyAction(Key key, String action) {
    var request = kmsRequest("/api/v2/keys/" + key.id() + "/actions/" + action, "{}");
    long t0 = System.nanoTime();
    send(request, 204);
    return System.nanoTime() - t0;
  }

  private HttpRequest kmsRequest(String path, String json) {
    return client
        .authorized(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofMinutes(2))
        .header("bluemix-instance", KMS_INSTANCE)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
        .build();
  }

  // HTTP
  // ------------------------------------------------------------------------------------------------

  HttpRequest postRequest(String path, String json) {
    return client
        .authorized(uri(path))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
        .build();
  }

  /** A POST that must answer {@code expected}; returns the body. */
  String post(String path, String json, int expected) {
    return send(postRequest(path, json), expected);
  }

  private String send(HttpRequest request, int expected) {
    var r = send(request);
    if (r.statusCode() != expected) {
      throw new BenchException(
          request.method()
              + " "
              + request.uri().getPath()
              + " answered "
              + r.statusCode()
              + " (expected "
              + expected
              + "): "
              + Client.abbreviate(r.body()));
    }
    return r.body();
  }

  HttpResponse<String> send(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request, body);
    } catch (IOException e) {
      throw new BenchException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  JsonNode getJson(String path) {
    return parse(client.getBody(uri(path)));
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new BenchException("not JSON: " + Client.abbreviate(body), e);
    }
  }
}
