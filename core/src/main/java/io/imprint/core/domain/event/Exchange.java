package io.imprint.core.domain.event;

import java.util.Map;

/**
 * The request behind an event: its correlation id ({@code X-Request-Id}, null for a change Imprint
 * made on its own), what was asked ({@code requestData}) and what came of it ({@code responseData},
 * with at least {@code responseURI}). Flat string maps: the server renders them as JSON objects.
 */
public record Exchange(
    String correlationId, Map<String, String> requestData, Map<String, String> responseData) {
  public Exchange {
    requestData = Map.copyOf(requestData);
    responseData = Map.copyOf(responseData);
  }
}
