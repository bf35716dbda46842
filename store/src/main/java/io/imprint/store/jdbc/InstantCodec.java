package io.imprint.store.jdbc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Instants in documents as ISO-8601 UTC text ({@code 2030-01-01T00:00:00.123Z}), the form the
 * documents have always had, but read and written by hand: the JDK's {@code DateTimeFormatter}
 * builds hash maps for every parse, which made date fields a fifth of reading an image document.
 * Anything not in the plain UTC form falls back to {@link Instant#parse}, so older or hand-edited
 * documents still load.
 */
final class InstantCodec {
  private InstantCodec() {}

  static SimpleModule module() {
    return new SimpleModule("instants")
        .addSerializer(Instant.class, new Serializer())
        .addDeserializer(Instant.class, new Deserializer());
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} for years 0000–9999; {@code null} when the text is in
   * another form.
   */
  static Instant parseUtc(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(n - 1) != 'Z'
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0
        || month < 0
        || day < 0
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fraction = n - 21;
      if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
        return null;
      }
      int value = digits(s, 20, fraction);
      if (value < 0) {
        return null;
      }
      nanos = value;
      for (int i = fraction; i < 9; i++) {
        nanos *= 10;
      }
    }
    try {
      long days = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    } catch (DateTimeException e) {
      return null; // 2030-02-30 and the like: let Instant.parse give its own error
    }
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * The same text as {@link Instant#toString()} for years 0000–9999, written without a formatter.
   */
  static String formatUtc(Instant instant) {
    long seconds = instant.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    var date = LocalDate.ofEpochDay(days);
    if (date.getYear() < 0 || date.getYear() > 9999) {
      return instant.toString();
    }
    var sb = new StringBuilder(30);
    pad(sb, date.getYear(), 4).append('-');
    pad(sb, date.getMonthValue(), 2).append('-');
    pad(sb, date.getDayOfMonth(), 2).append('T');
    pad(sb, secondOfDay / 3600, 2).append(':');
    pad(sb, secondOfDay / 60 % 60, 2).append(':');
    pad(sb, secondOfDay % 60, 2);
    int nanos = instant.getNano();
    if (nanos > 0) {
      // as Instant.toString: groups of three digits, as many as the value needs
      sb.append('.');
      if (nanos % 1_000_000 == 0) {
        pad(sb, nanos / 1_000_000, 3);
      } else if (nanos % 1000 == 0) {
        pad(sb, nanos / 1000, 6);
      } else {
        pad(sb, nanos, 9);
      }
    }
    return sb.append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    var text = Integer.toString(value);
    for (int i = text.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(text);
  }

  private static final class Serializer extends StdScalarSerializer<Instant> {
    Serializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(formatUtc(value));
    }
  }

  private static final class Deserializer extends StdScalarDeserializer<Instant> {
    Deserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
      }
      var text = p.getText();
      var fast = parseUtc(text);
      if (fast != null) {
        return fast;
      }
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        return (Instant)
            ctxt.handleWeirdStringValue(
                Instant.class, text, "not an ISO-8601 instant: %s", e.getMessage());
      }
    }
  }
}
