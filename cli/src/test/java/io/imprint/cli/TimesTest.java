package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimesTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @ParameterizedTest
  @CsvSource({
    "2030-03-05T15:31:50.701Z, 2030-03-05T15:31:50.701Z",
    "2030-03-05T15:31:50Z, 2030-03-05T15:31:50Z",
    "2030-03-05T23:31:50+08:00, 2030-03-05T15:31:50Z",
    "2030-03-05T23:31:50+8:00, 2030-03-05T15:31:50Z",
    "2030-03-05T10:01:50-05:30, 2030-03-05T15:31:50Z",
    "+90m, 2030-01-01T01:30:00Z",
    "+12h, 2030-01-01T12:00:00Z",
    "+30d, 2030-01-31T00:00:00Z",
    "+2w, 2030-01-15T00:00:00Z"
  })
  void a_user_gives_a_time_in_rfc_3339_or_relative_to_now(String text, String expected) {
    assertThat(Times.parse(text, () -> NOW)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({"tomorrow", "2030-03-05", "2030-03-05T15:31:50", "+30", "30d", "+1y", "-1d"})
  void anything_else_is_not_a_time(String text) {
    assertThat(Times.parse(text, () -> NOW)).isNull();
  }

  @Test
  void a_relative_time_asks_for_now_and_an_absolute_one_does_not() {
    assertThat(
            Times.parse(
                "2030-03-05T15:31:50Z",
                () -> {
                  throw new AssertionError("asked the server for its time");
                }))
        .isNotNull();
  }

  @Test
  void api_dates_are_shown_to_the_second_in_the_local_offset() {
    assertThat(Times.show("2023-03-15T19:41:03.123Z", ZoneId.of("Asia/Kolkata")))
        .isEqualTo("2023-03-16T01:11:03+05:30");
    assertThat(Times.show("2023-03-15T19:41:03Z", ZoneOffset.UTC))
        .isEqualTo("2023-03-15T19:41:03+00:00");
    assertThat(Times.show(null, ZoneOffset.UTC)).isNull();
  }
}
