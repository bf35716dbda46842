package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantCodecTest {
  @Test
  void written_text_is_what_instant_to_string_gives_and_reads_back_to_the_same_instant() {
    var random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      long seconds =
          random.nextLong(-62_167_219_200L, 253_402_300_799L); // 0000-01-01 .. 9999-12-31
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      var instant = Instant.ofEpochSecond(seconds, nanos);
      var text = InstantCodec.formatUtc(instant);
      assertThat(text).isEqualTo(instant.toString());
      assertThat(InstantCodec.parseUtc(text)).isEqualTo(instant);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2030-01-01T00:00:00+01:00",
        "2030-01-01 00:00:00Z",
        "2030-02-30T00:00:00Z",
        "2030-01-01T24:00:00Z",
        "2030-01-01T00:00:00.Z",
        "2030-01-01T00:00:00.1234567890Z",
        "+12030-01-01T00:00:00Z",
        "2030-1-01T00:00:00Z",
        "x"
      })
  void anything_but_the_plain_utc_form_is_left_to_instant_parse(String text) {
    assertThat(InstantCodec.parseUtc(text)).isNull();
  }

  @Test
  void a_document_read_falls_back_to_instant_parse_for_other_forms() throws Exception {
    record Dated(Instant at, long version) {}
    var read =
        Json.read(
            "{\"at\":\"2030-01-01T01:00:00+01:00\"}".getBytes(StandardCharsets.UTF_8),
            3,
            Dated.class);
    assertThat(read).isEqualTo(new Dated(Instant.parse("2030-01-01T00:00:00Z"), 3));
  }
}
