package io.imprint.server.wire;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Dates on the wire, at millisecond precision: written in UTC with milliseconds ({@code
 * 2026-01-02T03:04:05.006Z}, as the SDKs send them); read as RFC 3339 with {@code Z} or an offset
 * ({@code +05:30}, {@code +0530}, {@code +05}) and 0-9 fraction digits.
 */
public final class Dates {
  private static final DateTimeFormatter WRITE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter READ =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter();

  private Dates() {}

  public static String format(Instant instant) {
    return WRITE.format(instant);
  }

  /**
   * Parses an RFC 3339 date-time; throws {@link DateTimeParseException} when it is not one (an
   * offset is required).
   */
  public static Instant parse(String text) {
    var parsed = READ.parse(text);
    if (!parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      throw new DateTimeParseException("a time zone offset is required", text, text.length());
    }
    // the wire carries milliseconds; finer digits are dropped so a date compares the same in every
    // store and on the wire
    return OffsetDateTime.from(parsed).toInstant().truncatedTo(ChronoUnit.MILLIS);
  }
}
