package io.imprint.server.wire;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Dates on the wire, at millisecond precision: written in UTC with milliseconds ({@code
 * 2026-01-02T03:04:05.006Z}, as the SDKs send them); read strictly as RFC 3339: a four-digit year
 * from 0001 to 9999, a date that exists (2099-02-29 does not), 0-9 fraction digits, and {@code Z}
 * or a {@code +HH:MM} offset.
 */
public final class Dates {
  private static final DateTimeFormatter WRITE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter READ =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendValue(ChronoField.YEAR, 4)
          .appendLiteral('-')
          .appendValue(ChronoField.MONTH_OF_YEAR, 2)
          .appendLiteral('-')
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .appendOffset("+HH:MM", "Z")
          .toFormatter()
          // SMART, the default, would read 2099-02-29 as 2099-02-28
          .withResolverStyle(ResolverStyle.STRICT);

  private Dates() {}

  public static String format(Instant instant) {
    return WRITE.format(instant);
  }

  /**
   * Parses an RFC 3339 date-time; throws {@link DateTimeParseException} when it is not one (an
   * offset is required, and year 0000 is refused as RFC 3339 starts at 0001).
   */
  public static Instant parse(String text) {
    var parsed = READ.parse(text);
    if (parsed.get(ChronoField.YEAR) < 1) {
      throw new DateTimeParseException("years run from 0001 to 9999", text, 0);
    }
    // the wire carries milliseconds; finer digits are dropped so a date compares the same in every
    // store and on the wire
    return OffsetDateTime.from(parsed).toInstant().truncatedTo(ChronoUnit.MILLIS);
  }
}
