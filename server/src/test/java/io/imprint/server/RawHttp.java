package io.imprint.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.server.wire.Json;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Requests written on a socket exactly as given — what no HTTP client sends: broken request lines,
 * duplicate framing headers, chunked bodies, transfer codings — with {@code Connection: close} and
 * the blank line added after the head.
 */
final class RawHttp {
  /** An answer: status, the {@code X-Request-Id} it carried, and its body. */
  record Answer(int status, String requestId, String contentType, String body) {
    JsonNode json() throws IOException {
      return Json.MAPPER.readTree(body);
    }
  }

  /** The token each test server's administrator calls with, by base URL. */
  private static final Map<String, Supplier<String>> TOKENS = new ConcurrentHashMap<>();

  private RawHttp() {}

  /** Requests to {@code baseUrl} that carry no Authorization header get {@code token}'s. */
  static void authorize(String baseUrl, Supplier<String> token) {
    TOKENS.put(baseUrl, token);
  }

  /** The head with the server's administrator token after its request line, unless it has one. */
  static String withToken(String baseUrl, String head) {
    var token = TOKENS.get(baseUrl);
    int line = head.indexOf("\r\n");
    if (token == null || line < 0 || head.toLowerCase().contains("\r\nauthorization:")) {
      return head;
    }
    return head.substring(0, line + 2)
        + "Authorization: Bearer "
        + token.get()
        + "\r\n"
        + head.substring(line + 2);
  }

  static Answer send(String baseUrl, String head, String body) throws IOException {
    return send(baseUrl, head, body, false);
  }

  /**
   * Like {@link #send}, then ends the sending side of the connection: a body shorter than its
   * {@code Content-Length} or its chunks announce ends there, as when a client goes away.
   */
  static Answer sendThenEnd(String baseUrl, String head, String body) throws IOException {
    return send(baseUrl, head, body, true);
  }

  private static Answer send(String baseUrl, String head, String body, boolean end)
      throws IOException {
    try (var socket = new Socket("127.0.0.1", URI.create(baseUrl).getPort())) {
      socket.setSoTimeout(10_000);
      var request = withToken(baseUrl, head) + "Connection: close\r\n\r\n" + body;
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      if (end) {
        socket.shutdownOutput();
      }
      var raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int split = raw.indexOf("\r\n\r\n");
      String requestId = null;
      String contentType = null;
      for (var line : raw.substring(0, split).split("\r\n")) {
        if (line.regionMatches(true, 0, "X-Request-Id:", 0, 13)) {
          requestId = line.substring(13).trim();
        } else if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
          contentType = line.substring(13).trim();
        }
      }
      return new Answer(
          Integer.parseInt(raw.substring(9, 12)), requestId, contentType, raw.substring(split + 4));
    }
  }
}
