package io.imprint.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A small HTTP client for tests that sends what the official SDK sends: {@code version} and {@code
 * generation} on every {@code /v1} call, a fresh {@code X-Request-Id}, {@code Accept:
 * application/json} and a bearer token.
 */
public final class Api {
  public static final String VERSION = "2026-03-24";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String baseUrl;
  private final Runnable runDueWork;
  private final Supplier<String> token;

  /**
   * A client of a server in another process, started with {@link TestServer#ADMIN_APIKEY} as its
   * first administrator's key: it asks the token endpoint for a token at its first call. {@link
   * #awaitField} can only look.
   */
  public Api(String baseUrl) {
    this.baseUrl = baseUrl;
    this.runDueWork = () -> {};
    this.token = memoize(() -> tokenFor(TestServer.ADMIN_APIKEY));
  }

  /**
   * A client of a server in this JVM, calling with {@code token}; {@code runDueWork} runs the
   * server's due jobs at once and waits for those under way ({@code JobRunner.runDueNow}).
   */
  public Api(String baseUrl, Runnable runDueWork, Supplier<String> token) {
    this.baseUrl = baseUrl;
    this.runDueWork = runDueWork;
    this.token = memoize(token);
  }

  /** This client, calling as the owner of {@code otherToken} (null: with no token at all). */
  public Api as(String otherToken) {
    return new Api(baseUrl, runDueWork, () -> otherToken);
  }

  /** A token for {@code apikey} from the server's token endpoint. */
  public String tokenFor(String apikey) {
    var response =
        send(
            "POST",
            "/identity/token",
            "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=" + apikey,
            "application/x-www-form-urlencoded",
            Map.of("Authorization", ""));
    if (response.status() != 200) {
      throw new IllegalStateException("no token: " + response.raw());
    }
    return response.body().path("access_token").asText();
  }

  private static Supplier<String> memoize(Supplier<String> supplier) {
    var held = new AtomicReference<String>();
    var asked = new AtomicBoolean();
    return () -> {
      if (!asked.get()) {
        synchronized (held) {
          if (!asked.get()) {
            held.set(supplier.get());
            asked.set(true);
          }
        }
      }
      return held.get();
    };
  }

  /**
   * The caller's token on {@code builder}, unless the test sets Authorization itself (an empty
   * value: none at all).
   */
  private void authorize(HttpRequest.Builder builder, Map<String, String> headers) {
    String chosen = null;
    boolean given = false;
    for (var header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase("Authorization")) {
        given = true;
        chosen = header.getValue();
      } else {
        builder.header(header.getKey(), header.getValue());
      }
    }
    var value = given ? chosen : token.get() == null ? null : "Bearer " + token.get();
    if (value != null && !value.isEmpty()) {
      builder.header("Authorization", value);
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** A response with its parsed JSON body (null when there is none). */
  public record Response(int status, JsonNode body, Map<String, String> headers, String raw) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    public String errorCode() {
      return body.path("errors").path(0).path("code").asText(null);
    }

    public String errorMessage() {
      return body.path("errors").path(0).path("message").asText(null);
    }

    public String errorTarget() {
      return body.path("errors").path(0).path("target").path("name").asText(null);
    }
  }

  public Response get(String path) {
    return send("GET", v1(path), null, null, Map.of());
  }

  public Response get(String path, Map<String, String> headers) {
    return send("GET", v1(path), null, null, headers);
  }

  public Response post(String path, Object body) {
    return post(path, body, Map.of());
  }

  public Response post(String path, Object body, Map<String, String> headers) {
    return send("POST", v1(path), json(body), "application/json; charset=utf-8", headers);
  }

  public Response patch(String path, Object body) {
    return send(
        "PATCH", v1(path), json(body), "application/merge-patch+json; charset=utf-8", Map.of());
  }

  public Response patch(String path, Object body, Map<String, String> headers) {
    return send(
        "PATCH", v1(path), json(body), "application/merge-patch+json; charset=utf-8", headers);
  }

  public Response delete(String path) {
    return send("DELETE", v1(path), null, null, Map.of());
  }

  public Response delete(String path, Map<String, String> headers) {
    return send("DELETE", v1(path), null, null, headers);
  }

  /** PUT of raw bytes (disk content). */
  public Response putBytes(String path, byte[] body) {
    return sendBytes("PUT", path, body, Map.of());
  }

  public Response putBytes(String path, byte[] body, Map<String, String> headers) {
    return sendBytes("PUT", path, body, headers);
  }

  /** GET of raw bytes (disk content), with extra headers such as Range. */
  public BytesResponse getBytes(String path, Map<String, String> headers) {
    var builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).GET();
    authorize(builder, headers);
    try {
      var response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      var map = new LinkedHashMap<String, String>();
      response.headers().map().forEach((k, v) -> map.put(k.toLowerCase(), v.get(0)));
      return new BytesResponse(response.statusCode(), response.body(), map);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record BytesResponse(int status, byte[] body, Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException(new String(body), e);
      }
    }
  }

  private Response sendBytes(String method, String path, byte[] body, Map<String, String> headers) {
    var builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/octet-stream")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    authorize(builder, headers);
    try {
      var response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      var map = new LinkedHashMap<String, String>();
      response.headers().map().forEach((k, v) -> map.put(k.toLowerCase(), v.get(0)));
      var text = response.body();
      JsonNode parsed = text == null || text.isEmpty() ? null : JSON.readTree(text);
      return new Response(response.statusCode(), parsed, map, text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request exactly as given: no version or generation is added. */
  public Response raw(
      String method,
      String pathAndQuery,
      String body,
      String contentType,
      Map<String, String> headers) {
    return send(method, pathAndQuery, body, contentType, headers);
  }

  /**
   * {@code path}'s {@code field} equals {@code value}, now or once the server has run its due work
   * (an import, a power step, the lifecycle); returns the last response.
   */
  public Response awaitField(String path, String field, String value) {
    return await(path, r -> value.equals(r.body().path(field).asText()), field + "=" + value);
  }

  /** A GET of {@code path} answers {@code status}, now or once the server has run its due work. */
  public Response awaitStatus(String path, int status) {
    return await(path, r -> r.status() == status, "status " + status);
  }

  /** No waiting for time to pass: due work runs at once, and work due later never comes here. */
  private Response await(String path, Predicate<Response> done, String what) {
    var last = get(path);
    if (done.test(last)) {
      return last;
    }
    runDueWork.run();
    last = get(path);
    if (!done.test(last)) {
      throw new AssertionError(path + " never had " + what + "; last: " + last.raw());
    }
    return last;
  }

  public static Map<String, Object> obj(Object... keyValues) {
    var map = new LinkedHashMap<String, Object>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private String v1(String path) {
    if (!path.startsWith("/v1/")) {
      return path;
    }
    return path + (path.contains("?") ? "&" : "?") + "version=" + VERSION + "&generation=2";
  }

  private static String json(Object body) {
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Response send(
      String method,
      String pathAndQuery,
      String body,
      String contentType,
      Map<String, String> headers) {
    var builder =
        HttpRequest.newBuilder(
                URI.create(pathAndQuery.startsWith("http") ? pathAndQuery : baseUrl + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (!headers.containsKey("X-Request-Id")) {
      builder.header("X-Request-Id", UUID.randomUUID().toString());
    }
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    authorize(builder, headers);
    try {
      var response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      var map = new LinkedHashMap<String, String>();
      response.headers().map().forEach((k, v) -> map.put(k.toLowerCase(), v.get(0)));
      JsonNode parsed = null;
      var text = response.body();
      if (text != null
          && !text.isEmpty()
          && map.getOrDefault("content-type", "").contains("json")) {
        parsed = JSON.readTree(text);
      }
      return new Response(response.statusCode(), parsed, map, text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
