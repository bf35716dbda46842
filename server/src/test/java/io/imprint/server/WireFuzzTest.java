package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.server.wire.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Wire fuzzing (issue #16): thousands of malformed requests, made at random from one seed by {@link
 * WireFuzz}, against a real server with a small body limit. Whatever a client sends, the server
 * answers below 500 (501 and 505 only for a transfer coding or an HTTP version it does not serve,
 * as documented), every error is IBM's JSON with a code, a message, a trace (its {@code
 * X-Request-Id}) and its status, no error grows much past the request that caused it, and the
 * server still works afterwards.
 *
 * <p>The seed is fixed ({@value #DEFAULT_SEED}) so that CI runs the same requests every time;
 * {@code -Dimprint.fuzz.seed=N} runs others and {@code -Dimprint.fuzz.requests=N} sets how many. A
 * failure names its seed, so that it can be replayed.
 */
class WireFuzzTest {
  static final long DEFAULT_SEED = 20261206L;
  static final int DEFAULT_REQUESTS = 3000;
  static final int MAX_BODY_BYTES = 4096;

  /** An error body may be this much larger than the request that caused it, and no more. */
  static final int AMPLIFICATION_ALLOWANCE = 64 * 1024;

  /** The most bytes of an answer read: more than any error may have. */
  static final int READ_AT_MOST = 2 * 1024 * 1024;

  /** The most violations written out in full in a failure message. */
  static final int SHOWN = 40;

  @Test
  void no_request_however_malformed_gets_a_5xx_or_an_error_that_is_not_ibm_json() throws Exception {
    long seed = Long.getLong("imprint.fuzz.seed", DEFAULT_SEED);
    int requests = Integer.getInteger("imprint.fuzz.requests", DEFAULT_REQUESTS);
    var replay = "-Dimprint.fuzz.seed=" + seed + " -Dimprint.fuzz.requests=" + requests;
    try (var server =
        TestServer.start(
            Map.of("max-body-bytes", Integer.toString(MAX_BODY_BYTES), "clock", "virtual"))) {
      var fuzz =
          new WireFuzz(new Random(seed), server.server().routes(), MAX_BODY_BYTES, Api.VERSION);
      knowRealResources(server.api(), fuzz);
      int port = URI.create(server.baseUrl()).getPort();

      var violations = new ArrayList<String>();
      var statuses = new TreeMap<Integer, Integer>();
      int largestError = 0;
      var probed = new HashSet<String>();
      long started = System.nanoTime();
      for (int i = 0; i < requests; i++) {
        var probe = fuzz.next();
        probed.add(probe.route());
        var answer = exchange(port, probe);
        statuses.merge(answer == null ? 0 : answer.status(), 1, Integer::sum);
        if (answer != null && answer.status() >= 400) {
          largestError = Math.max(largestError, answer.body().length);
        }
        var problem = problem(probe, answer);
        if (problem != null) {
          violations.add(
              "#" + i + " " + probe.summary() + "\n      " + problem + "\n      → " + answer);
        } else if (answer.status() / 100 == 2) {
          learnIds(answer, fuzz);
        }
      }
      long ms = (System.nanoTime() - started) / 1_000_000;
      System.out.printf(
          "wire fuzz: seed %d, %d requests in %d ms, statuses %s (0 = no answer), largest error"
              + " body %d bytes, %d violations%n",
          seed, requests, ms, statuses, largestError, violations.size());

      var never =
          server.server().routes().stream()
              .map(r -> r.method().name() + " " + r.path())
              .filter(r -> !probed.contains(r))
              .toList();
      if (requests >= 20 * server.server().routes().size() && !never.isEmpty()) {
        violations.add("routes never probed in " + requests + " requests: " + never);
      }

      var api = server.api();
      var health = api.raw("GET", "/healthz", null, null, Map.of());
      if (health.status() != 200) {
        violations.add("after the run /healthz answers " + health.status() + ": " + health.raw());
      }
      var name = "after-the-fuzz";
      var created = api.post("/v1/vpcs", obj("name", name));
      var read =
          created.status() == 201
              ? api.get("/v1/vpcs/" + created.body().path("id").asText())
              : created;
      if (created.status() != 201
          || read.status() != 200
          || !name.equals(read.body().path("name").asText())) {
        violations.add(
            "after the run a VPC cannot be created and read: "
                + created.status()
                + " "
                + created.raw()
                + " / "
                + read.status()
                + " "
                + read.raw());
      }

      assertThat(violations.size())
          .as(
              "seed %d, %d requests: %d answers break the wire contract (replay with %s); the"
                  + " first %d:%n%s%n",
              seed,
              requests,
              violations.size(),
              replay,
              SHOWN,
              String.join("\n", violations.subList(0, Math.min(SHOWN, violations.size()))))
          .isZero();
    }
  }

  /** What is wrong with {@code answer} to {@code probe}, or null when nothing is. */
  static String problem(WireFuzz.Probe probe, Answer answer) {
    if (answer == null) {
      return "no answer";
    }
    boolean head = probe.method().equals("HEAD");
    var code = errorCode(answer);
    if (answer.status() >= 500
        && !(answer.status() == 501 && (head || "not_implemented".equals(code)))
        && !(answer.status() == 505 && (head || "http_version_not_supported".equals(code)))) {
      return "a " + answer.status() + " for a client's request";
    }
    if (answer.status() < 400 || head) {
      // an answer to HEAD has no body to look at
      return null;
    }
    var type = answer.headers().getOrDefault("content-type", "");
    if (!type.startsWith("application/json")) {
      return "an error of Content-Type '" + type + "', not application/json";
    }
    var json = json(answer);
    if (json == null) {
      return "an error whose body is not JSON";
    }
    if (json.at("/errors/0/code").asText("").isBlank()) {
      return "an error without errors[0].code";
    }
    if (json.at("/errors/0/message").asText("").isBlank()) {
      return "an error without errors[0].message";
    }
    var trace = json.path("trace").asText("");
    if (trace.isBlank()) {
      return "an error without a trace";
    }
    if (!trace.equals(answer.headers().getOrDefault("x-request-id", trace))) {
      return "an error whose trace is not its X-Request-Id";
    }
    if (json.path("status_code").asInt() != answer.status()) {
      return "an error whose status_code is not its status";
    }
    if (answer.body().length > AMPLIFICATION_ALLOWANCE + probe.bytes().length) {
      return "an error of "
          + answer.body().length
          + " bytes for a request of "
          + probe.bytes().length;
    }
    return null;
  }

  private static String errorCode(Answer answer) {
    var json = json(answer);
    return json == null ? null : json.at("/errors/0/code").asText(null);
  }

  private static JsonNode json(Answer answer) {
    try {
      var node = Json.MAPPER.readTree(answer.body());
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The resources a new server has, and a volume and an instance made for the run. */
  private static void knowRealResources(Api api, WireFuzz fuzz) {
    api.get("/v2/resource_groups")
        .body()
        .path("resources")
        .forEach(g -> fuzz.knows("resource_group", g.path("id").asText()));
    api.get("/v1/vpcs").body().path("vpcs").forEach(v -> fuzz.knows("vpc", v.path("id").asText()));
    api.get("/v1/subnets")
        .body()
        .path("subnets")
        .forEach(s -> fuzz.knows("subnet", s.path("id").asText()));
    api.get("/v1/images?limit=5")
        .body()
        .path("images")
        .forEach(i -> fuzz.knows("image", i.path("id").asText()));
    fuzz.knows("region", "us-south");
    fuzz.knows("zone", "us-south-1");
    fuzz.knows("instance_profile", "bx2-2x8");
    fuzz.knows("volume_profile", "general-purpose");
    fuzz.knows("operating_system", "debian-12-amd64");
    // page tokens of one collection and filter, to be sent to others
    for (var collection : new String[] {"/v1/images?limit=1", "/v1/subnets?limit=1"}) {
      var next = api.get(collection).body().at("/next/href").asText();
      fuzz.knows("start", next.replaceAll(".*[?&]start=([^&]*).*", "$1"));
    }
    var volume =
        api.post(
            "/v1/volumes",
            obj(
                "name",
                "fuzz-data",
                "capacity",
                10,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1")));
    assertThat(volume.status()).as(volume.raw()).isEqualTo(201);
    fuzz.knows("volume", volume.body().path("id").asText());
    var image = api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body();
    var subnet = api.get("/v1/subnets?zone.name=us-south-1").body();
    var instance =
        api.post(
            "/v1/instances",
            obj(
                "name",
                "fuzz-instance",
                "zone",
                obj("name", "us-south-1"),
                "profile",
                obj("name", "bx2-2x8"),
                "image",
                obj("id", image.at("/images/0/id").asText()),
                "primary_network_interface",
                obj("subnet", obj("id", subnet.at("/subnets/0/id").asText()))));
    assertThat(instance.status()).as(instance.raw()).isEqualTo(201);
    fuzz.knows("instance", instance.body().path("id").asText());
    fuzz.knows("volume_attachment", instance.body().at("/boot_volume_attachment/id").asText());
    fuzz.knows("volume", instance.body().at("/boot_volume_attachment/volume/id").asText());
  }

  /** A resource the run made (a 2xx with an href) is named by later requests. */
  private static void learnIds(Answer answer, WireFuzz fuzz) {
    var json = json(answer);
    if (json == null || !json.path("href").isTextual() || !json.path("id").isTextual()) {
      return;
    }
    var path = URI.create(json.path("href").asText()).getPath().split("/");
    if (path.length >= 2) {
      fuzz.knows(WireFuzz.kindOf(path, path.length - 1), json.path("id").asText());
    }
  }

  // ---------------------------------------------------------------- the socket

  /** An answer: status, headers (names in lower case, the first of each), body. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    @Override
    public String toString() {
      var text = new String(body, StandardCharsets.UTF_8);
      return status
          + " "
          + headers.getOrDefault("content-type", "(no Content-Type)")
          + " "
          + body.length
          + " bytes: "
          + WireFuzz.cut(text, 300);
    }
  }

  /**
   * Writes the probe, closes the sending side (so a body shorter than announced ends instead of
   * waiting for the server's idle timeout) and reads the answer; null when none came.
   */
  static Answer exchange(int port, WireFuzz.Probe probe) throws IOException {
    try (var socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      try {
        socket.getOutputStream().write(probe.bytes());
        socket.getOutputStream().flush();
        socket.shutdownOutput();
      } catch (IOException e) {
        // the server answered and closed before reading all of it (a head too large): read on
      }
      return parse(readWhatComes(socket.getInputStream()), probe.method().equals("HEAD"));
    }
  }

  /**
   * Everything until the server closes, or what came before a reset or a timeout; at most {@value
   * #READ_AT_MOST} bytes (disk content may be gigabytes of zeros).
   */
  private static byte[] readWhatComes(InputStream in) {
    var out = new ByteArrayOutputStream();
    var buffer = new byte[16 * 1024];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        if (out.size() > READ_AT_MOST) {
          break;
        }
      }
    } catch (IOException e) {
      // keep what came
    }
    return out.toByteArray();
  }

  static Answer parse(byte[] raw, boolean head) {
    int at = 0;
    while (true) {
      int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
      if (end < 0 || raw.length - at < 12) {
        return null;
      }
      var lines = new String(raw, at, end - at, StandardCharsets.ISO_8859_1).split("\r\n");
      int status;
      try {
        status = Integer.parseInt(lines[0].substring(9, 12));
      } catch (RuntimeException e) {
        return null;
      }
      var headers = new LinkedHashMap<String, String>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.putIfAbsent(
              lines[i].substring(0, colon).trim().toLowerCase(),
              lines[i].substring(colon + 1).trim());
        }
      }
      int bodyAt = end + 4;
      if (status / 100 == 1) {
        at = bodyAt;
        continue;
      }
      byte[] body;
      if (head || status == 204 || status == 304) {
        body = new byte[0];
      } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = dechunk(raw, bodyAt);
      } else if (headers.containsKey("content-length")) {
        long length = Long.parseLong(headers.get("content-length"));
        body = Arrays.copyOfRange(raw, bodyAt, (int) Math.min(raw.length, bodyAt + length));
      } else {
        body = Arrays.copyOfRange(raw, bodyAt, raw.length);
      }
      return new Answer(status, headers, body);
    }
  }

  private static byte[] dechunk(byte[] raw, int at) {
    var out = new ByteArrayOutputStream();
    var crlf = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
    while (at < raw.length) {
      int end = indexOf(raw, crlf, at);
      if (end < 0) {
        break;
      }
      var size = new String(raw, at, end - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        break;
      }
      out.write(raw, end + 2, Math.min(n, raw.length - end - 2));
      at = end + 2 + n + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
