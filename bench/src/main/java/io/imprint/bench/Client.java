package io.imprint.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The benchmark's HTTP client: one {@link HttpClient} on HTTP/1.1 with keep-alive, sending what
 * IBM's SDKs send on every call ({@code version} and {@code generation}, {@code Accept:
 * application/json}, a fresh {@code X-Request-Id}). Bodies of 200 responses are read off the
 * connection and dropped, so the client spends as little of the machine as it can; other bodies are
 * kept to explain the failure.
 */
final class Client {
  static final String VERSION_QUERY = "version=2026-03-24&generation=2";
  private static final BodyHandler<String> DROP_OK_BODIES =
      info ->
          info.statusCode() == 200
              ? BodySubscribers.replacing(null)
              : BodySubscribers.ofString(StandardCharsets.UTF_8);

  /** A response: its status, and its body unless it was a dropped 200 body. */
  record Response(int status, String body) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final String requestIdPrefix =
      "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
  private final AtomicLong requests = new AtomicLong();
  private volatile String bearer;

  /**
   * Asks the server's token endpoint for a token with {@code apikey} and sends it with every
   * request from then on, as an SDK's IamAuthenticator does.
   */
  void signIn(int port, String apikey) {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/identity/token"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=" + apikey))
            .build();
    try {
      var r = http.send(request, HttpResponse.BodyHandlers.ofString());
      var m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
      if (r.statusCode() != 200 || !m.find()) {
        throw new BenchException("no token: " + r.statusCode() + ": " + abbreviate(r.body()));
      }
      bearer = m.group(1);
    } catch (IOException e) {
      throw new BenchException("the token request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  /** A request of the caller's own, with the token once signed in. */
  HttpRequest.Builder authorized(URI uri) {
    var builder = HttpRequest.newBuilder(uri);
    var token = bearer;
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  boolean signedIn() {
    return bearer != null;
  }

  /** {@code http://127.0.0.1:port/path?query&version=…&generation=2}. */
  static URI uri(int port, String pathAndQuery) {
    var sep = pathAndQuery.contains("?") ? "&" : "?";
    return URI.create("http://127.0.0.1:" + port + pathAndQuery + sep + VERSION_QUERY);
  }

  private HttpRequest request(URI uri, Duration timeout) {
    var builder =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .header("X-Request-Id", requestIdPrefix + requests.incrementAndGet());
    var token = bearer;
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.GET().build();
  }

  /** One GET; a 200 body is dropped. */
  Response get(URI uri) throws IOException, InterruptedException {
    return get(uri, Duration.ofSeconds(30));
  }

  Response get(URI uri, Duration timeout) throws IOException, InterruptedException {
    var r = http.send(request(uri, timeout), DROP_OK_BODIES);
    return new Response(r.statusCode(), r.body());
  }

  /** One GET that must answer 200; returns the body. */
  String getBody(URI uri) {
    try {
      var r = http.send(request(uri, Duration.ofSeconds(60)), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new BenchException(
            "GET " + uri + " answered " + r.statusCode() + ": " + abbreviate(r.body()));
      }
      return r.body();
    } catch (IOException e) {
      throw new BenchException("GET " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    var oneLine = s.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
  }
}
