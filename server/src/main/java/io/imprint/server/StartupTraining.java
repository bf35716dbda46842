package io.imprint.server;

import io.imprint.server.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The training run behind the start-up cache of JDK 25 and later ({@code -XX:AOTCacheOutput}): a
 * server on a temporary data dir, on a free loopback port, answering the requests a first session
 * sends, then stopped. The JVM records which classes this loads and links and how its methods run,
 * and {@code bin/imprint server} starts later JVMs from that record, which takes about a quarter
 * off a cold start. Run once per build; anything it does is thrown away.
 */
public final class StartupTraining {
  private static final String V = "version=2026-03-24&generation=2";

  private static String token;

  private StartupTraining() {}

  public static void main(String[] args) throws Exception {
    var dataDir = Files.createTempDirectory("imprint-training-");
    try {
      var config =
          ConfigLoader.load(
              null,
              Map.of(),
              Map.of("data-dir", dataDir.toString(), "port", "0", "bind", "127.0.0.1"));
      try (var server = new ImprintServer(config, InstantSource.system()).start()) {
        // the session trains the IAM gate too: it calls as the first administrator
        server.awaitIamBootstrap();
        var admin = server.iam().firstAdministrator().orElseThrow();
        token = server.tokens().issue(admin, config.accountId(), Duration.ofMinutes(10)).token();
        exercise(server.baseUrl());
      }
    } finally {
      deleteTree(dataDir);
    }
  }

  private static void exercise(String base) throws IOException, InterruptedException {
    var http = HttpClient.newHttpClient();
    for (var path :
        new String[] {
          "/v1/regions",
          "/v1/regions/us-south/zones",
          "/v1/operating_systems",
          "/v1/instance/profiles",
          "/v1/volume/profiles",
          "/v1/vpcs",
          "/v1/subnets",
          "/v1/images?limit=100",
          "/v1/images?status=available,deprecated&visibility=public",
          "/v1/volumes",
          "/v1/instances"
        }) {
      send(http, "GET", base + path + (path.contains("?") ? "&" : "?") + V, null);
    }
    send(http, "GET", base + "/v2/resource_groups", null);
    send(http, "GET", base + "/healthz", null);
    send(http, "GET", base + "/v1/images?" + V + "&status=bogus", null);
    var image = firstId(send(http, "GET", base + "/v1/images?limit=1&" + V, null), "images");
    send(http, "GET", base + "/v1/images/" + image + "?" + V, null);
    var volume =
        firstId(
            send(
                http,
                "POST",
                base + "/v1/volumes?" + V,
                "{\"name\":\"training-volume\",\"capacity\":10,\"profile\":{\"name\":\"general-purpose\"},\"zone\":{\"name\":\"us-south-1\"}}"),
            null);
    send(http, "GET", base + "/v1/volumes/" + volume + "?" + V, null);
    send(http, "DELETE", base + "/v1/volumes/" + volume + "?" + V, null);
  }

  private static String send(HttpClient http, String method, String url, String body)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The first {@code "id"} in a response (of the first item of {@code collection} when given). */
  private static String firstId(String json, String collection) {
    var from = collection == null ? 0 : Math.max(0, json.indexOf("\"" + collection + "\""));
    var m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(json);
    return m.find(from) ? m.group(1) : "none";
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (var p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
