package io.imprint.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Times on the command line. Accepted: RFC 3339 with an offset ({@code 2030-03-05T15:31:50.701Z},
 * {@code …+05:30}, and the real CLI's single-digit {@code +8:00}), and, beyond the real CLI, a
 * moment relative to the server's time: {@code +90m}, {@code +12h}, {@code +30d}, {@code +2w}.
 * "Now" is the server's virtual clock when it has one, so relative times rehearse correctly under a
 * moved clock.
 */
final class Times {
  private static final Pattern RELATIVE = Pattern.compile("\\+(\\d{1,6})([mhdw])");
  private static final Pattern SHORT_OFFSET = Pattern.compile("([+-])(\\d):(\\d\\d)$");
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  private Times() {}

  /**
   * The instant for {@code text}, or {@code null} when it is neither form; {@code now} is asked
   * only for relative forms.
   */
  static Instant parse(String text, Supplier<Instant> now) {
    var relative = RELATIVE.matcher(text);
    if (relative.matches()) {
      long n = Long.parseLong(relative.group(1));
      var amount =
          switch (relative.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
          };
      return now.get().plus(amount);
    }
    try {
      return OffsetDateTime.parse(SHORT_OFFSET.matcher(text).replaceFirst("$10$2:$3")).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** An API date shown as the real CLI shows it: to the second, in the local offset. */
  static String show(String apiDate, ZoneId zone) {
    if (apiDate == null) {
      return null;
    }
    return SHOWN.format(OffsetDateTime.parse(apiDate).atZoneSameInstant(zone));
  }
}
