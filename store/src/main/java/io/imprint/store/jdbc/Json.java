package io.imprint.store.jdbc;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The {@code doc} column: a record's components as JSON. Only record fields are written, not
 * derived accessors such as {@code Image.isProvisionable()}, and unknown fields are ignored on read
 * so a document written by a later version with more fields still loads. The version is left out of
 * the document: the {@code version} column is its only copy.
 */
final class Json {
  private static final String VERSION = "version";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .registerModule(InstantCodec.module())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .setVisibility(PropertyAccessor.GETTER, Visibility.NONE)
          .setVisibility(PropertyAccessor.IS_GETTER, Visibility.NONE)
          .setVisibility(PropertyAccessor.FIELD, Visibility.ANY)
          .setAnnotationIntrospector(new VersionFromColumn());

  private Json() {}

  /**
   * Leaves {@code version} out of the documents and injects the row's version into the record's
   * constructor instead, so a read goes straight from text to record (a tree in between cost a
   * third of a scheduler batch).
   */
  private static final class VersionFromColumn extends JacksonAnnotationIntrospector {
    @Override
    public JsonIgnoreProperties.Value findPropertyIgnoralByName(
        MapperConfig<?> config, Annotated a) {
      var declared = super.findPropertyIgnoralByName(config, a);
      return a instanceof AnnotatedClass c && c.getRawType().isRecord()
          ? JsonIgnoreProperties.Value.merge(
              declared, JsonIgnoreProperties.Value.forIgnoredProperties(VERSION).withAllowSetters())
          : declared;
    }

    @Override
    public JacksonInject.Value findInjectableValue(AnnotatedMember m) {
      if (m instanceof AnnotatedParameter p
          && p.getOwner().getDeclaringClass().isRecord()
          && p.getOwner().getParameterCount()
              == p.getOwner().getDeclaringClass().getRecordComponents().length
          && p.getOwner()
              .getDeclaringClass()
              .getRecordComponents()[p.getIndex()]
              .getName()
              .equals(VERSION)) {
        return JacksonInject.Value.construct(VERSION, Boolean.FALSE);
      }
      return super.findInjectableValue(m);
    }
  }

  static String write(Record entity) {
    try {
      return MAPPER.writeValueAsString(entity);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot write " + entity.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** The record stored in {@code doc}, with the row's version. */
  static <T extends Record> T read(byte[] doc, long version, Class<T> type) {
    try {
      return READERS
          .get(type)
          .with(new InjectableValues.Std().addValue(VERSION, version))
          .readValue(doc);
    } catch (IOException e) {
      throw new StoreException(
          "unreadable " + type.getSimpleName() + " document: " + e.getMessage(), e);
    }
  }

  /**
   * One reader per record type: resolving the type for every document was a tenth of a scheduler
   * batch.
   */
  private static final ClassValue<ObjectReader> READERS =
      new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
          return MAPPER.readerFor(type);
        }
      };
}
