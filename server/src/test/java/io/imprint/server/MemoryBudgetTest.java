package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.server.wire.Json;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory budget at the server's own heap: a server process run as {@code bin/imprint server}
 * runs it (128 MiB, exiting on an OutOfMemoryError) takes 20 uploads and 20 reads of 64 MiB at once
 * without a response of 500 or more. A request the budget cannot serve in time is a 503 with IBM's
 * body and {@code Retry-After}; every upload that succeeded reads back byte for byte.
 */
class MemoryBudgetTest {
  static final int MIB = 1 << 20;
  static final int SIZE = 64 * MIB;

  /** The memory flags of bin/imprint's server. */
  static final List<String> BIN_IMPRINT_HEAP =
      List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

  @TempDir Path dir;

  @Test
  void twenty_uploads_and_twenty_reads_of_64_mib_at_once_get_no_5xx_but_503_at_most()
      throws Exception {
    var server = ServerProcess.start(dir, Map.of(), BIN_IMPRINT_HEAP);
    try {
      var api = new Api(server.url);
      var payloads = List.of(data(1), data(2));
      var digests = payloads.stream().map(MemoryBudgetTest::sha256).toList();
      // what the reads read: 64 MiB in each of four volumes, uploaded one at a time
      var readable = new ArrayList<String>();
      for (int i = 0; i < 4; i++) {
        var volume = volume(api, "readable-" + i);
        assertThat(api.putBytes(content(volume), payloads.get(i % 2)).status()).isEqualTo(200);
        readable.add(volume);
      }
      var written = new ArrayList<String>();
      for (int i = 0; i < 20; i++) {
        written.add(volume(api, "written-" + i));
      }
      var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      var bearer = "Bearer " + api.tokenFor(TestServer.ADMIN_APIKEY);
      var calls = new ArrayList<Callable<Outcome>>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        calls.add(
            () ->
                outcome(
                    "upload " + n,
                    client.send(
                        HttpRequest.newBuilder(URI.create(server.url + content(written.get(n))))
                            .header("Content-Type", "application/octet-stream")
                            .header("Authorization", bearer)
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(payloads.get(n % 2)))
                            .build(),
                        HttpResponse.BodyHandlers.ofInputStream()),
                    null));
        calls.add(
            () ->
                outcome(
                    "read " + n,
                    client.send(
                        HttpRequest.newBuilder(
                                URI.create(server.url + content(readable.get(n % 4))))
                            .header("Range", "bytes=0-" + (SIZE - 1))
                            .header("Authorization", bearer)
                            .build(),
                        HttpResponse.BodyHandlers.ofInputStream()),
                    digests.get(n % 4 % 2)));
      }
      var outcomes = new ArrayList<Outcome>();
      try (var pool = Executors.newFixedThreadPool(calls.size())) {
        for (var future : pool.invokeAll(calls)) {
          outcomes.add(future.get());
        }
      }

      for (var o : outcomes) {
        assertThat(o.status()).as(o.toString()).isIn(200, 206, 503);
        if (o.status() == 503) {
          assertThat(o.retryAfter()).as(o.toString()).isEqualTo("5");
          assertThat(o.errorCode()).as(o.toString()).isEqualTo("service_unavailable");
        } else if (o.label().startsWith("read")) {
          assertThat(o.digestMatched()).as(o.toString()).isTrue();
        }
      }
      for (int i = 0; i < 20; i++) {
        var label = "upload " + i;
        var upload =
            outcomes.stream().filter(o -> o.label().equals(label)).findFirst().orElseThrow();
        if (upload.status() == 200) {
          var back =
              client.send(
                  HttpRequest.newBuilder(URI.create(server.url + content(written.get(i))))
                      .header("Range", "bytes=0-" + (SIZE - 1))
                      .header("Authorization", bearer)
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream());
          assertThat(sha256(back.body())).as(label).isEqualTo(digests.get(i % 2));
        }
      }
      assertThat(server.output()).noneMatch(l -> l.contains("OutOfMemoryError"));
      assertThat(api.get("/healthz").status()).isEqualTo(200);
    } finally {
      server.stop();
    }
  }

  record Outcome(
      String label, int status, String retryAfter, String errorCode, boolean digestMatched) {}

  private static Outcome outcome(
      String label, HttpResponse<InputStream> response, String expectedDigest) throws Exception {
    try (var body = response.body()) {
      var retryAfter = response.headers().firstValue("Retry-After").orElse(null);
      if (response.statusCode() >= 400) {
        var json = Json.MAPPER.readTree(body.readAllBytes());
        return new Outcome(
            label, response.statusCode(), retryAfter, json.at("/errors/0/code").asText(), false);
      }
      boolean matched = expectedDigest != null && sha256(body).equals(expectedDigest);
      return new Outcome(label, response.statusCode(), retryAfter, null, matched);
    }
  }

  private static String volume(Api api, String name) {
    return ErrorCodesTest.volumeOn(api, name);
  }

  private static String content(String volume) {
    return "/imprint/v1/volumes/" + volume + "/content";
  }

  private static byte[] data(long seed) {
    var bytes = new byte[SIZE];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(InputStream in) throws Exception {
    var digest = MessageDigest.getInstance("SHA-256");
    var buffer = new byte[MIB];
    for (int n; (n = in.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
