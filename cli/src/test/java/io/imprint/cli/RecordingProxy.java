package io.imprint.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback HTTP server in front of a real Imprint server (or answering by itself), recording
 * every request exactly as it arrived: what the server sees is what the test checks.
 */
final class RecordingProxy implements AutoCloseable {
  record Seen(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      var values =
          headers.entrySet().stream()
              .filter(e -> e.getKey().equalsIgnoreCase(name))
              .findFirst()
              .map(Map.Entry::getValue)
              .orElse(null);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** A canned answer: status and JSON body. */
  record Answer(int status, String body) {}

  private final HttpServer http;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  /** Forwards every request to {@code upstream}. */
  static RecordingProxy forwardingTo(String upstream) {
    return new RecordingProxy(upstream, null);
  }

  /** Answers every request itself. */
  static RecordingProxy answering(Function<Seen, Answer> answers) {
    return new RecordingProxy(null, answers);
  }

  private RecordingProxy(String upstream, Function<Seen, Answer> answers) {
    try {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    http.createContext("/", exchange -> handle(exchange, upstream, answers));
    http.start();
  }

  private void handle(HttpExchange exchange, String upstream, Function<Seen, Answer> answers)
      throws IOException {
    var body =
        new String(
            exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    var uri = exchange.getRequestURI();
    var request =
        new Seen(
            exchange.getRequestMethod(),
            uri.getPath(),
            uri.getRawQuery(),
            Map.copyOf(exchange.getRequestHeaders()),
            body);
    seen.add(request);
    Answer answer;
    if (answers != null) {
      answer = answers.apply(request);
    } else {
      var forward =
          HttpRequest.newBuilder(
                  URI.create(
                      upstream
                          + uri.getRawPath()
                          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
              .method(
                  request.method(),
                  body.isEmpty()
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      for (var name : List.of("Content-Type", "Accept", "X-Request-Id", "Authorization")) {
        if (request.header(name) != null) {
          forward.header(name, request.header(name));
        }
      }
      try {
        var response = client.send(forward.build(), HttpResponse.BodyHandlers.ofString());
        response
            .headers()
            .firstValue("Warning")
            .ifPresent(w -> exchange.getResponseHeaders().add("Warning", w));
        answer = new Answer(response.statusCode(), response.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    var bytes = answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
