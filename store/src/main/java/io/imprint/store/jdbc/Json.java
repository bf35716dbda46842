package io.imprint.store.jdbc;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The {@code doc} column: a record's components as JSON. Only record fields are written, not derived accessors such
 * as {@code Image.isProvisionable()}, and unknown fields are ignored on read so a document written by a later version
 * with more fields still loads. The version is left out of the document: the {@code version} column is its only copy.
 */
final class Json {
  private static final String VERSION = "version";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .setVisibility(PropertyAccessor.GETTER, Visibility.NONE)
          .setVisibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
          .setVisibility(PropertyAccessor.FIELD, Visibility.ANY);

  private Json() {}

  static String write(Record entity) {
    ObjectNode node = MAPPER.valueToTree(entity);
    node.remove(VERSION);
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot write " + entity.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** The record stored in {@code doc}, with the row's version. */
  static <T extends Record> T read(String doc, long version, Class<T> type) {
    try {
      var node = (ObjectNode) MAPPER.readTree(doc);
      node.put(VERSION, version);
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new StoreException("unreadable " + type.getSimpleName() + " document: " + e.getOriginalMessage(), e);
    }
  }
}
