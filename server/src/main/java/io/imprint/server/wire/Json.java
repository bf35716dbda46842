package io.imprint.server.wire;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The one ObjectMapper of the server and small helpers that keep "unset optional fields are
 * omitted" easy.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  public static void putIfSet(ObjectNode node, String field, Integer value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  public static void putDate(ObjectNode node, String field, Instant value) {
    if (value != null) {
      node.put(field, Dates.format(value));
    }
  }
}
