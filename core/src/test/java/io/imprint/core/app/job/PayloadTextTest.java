package io.imprint.core.app.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text form job payloads share. */
class PayloadTextTest {

  @Test
  void any_value_survives_the_round_trip() {
    var awkward = "/import/a b&c=d%e/ü.qcow2";
    var text = PayloadText.write("file", awkward, "size_gb", "10");
    assertThat(text).startsWith("file=").contains("&size_gb=10");
    assertThat(PayloadText.read(text)).contains(Map.of("file", awkward, "size_gb", "10"));
  }

  @Test
  void text_that_is_not_fields_reads_as_nothing() {
    assertThat(PayloadText.read("r006-1a2b")).isEmpty();
    assertThat(PayloadText.read("/data/import/a=b.img")).isEmpty();
    assertThat(PayloadText.read("volume=x&loose")).isEmpty();
    assertThat(PayloadText.read("")).isEmpty();
    assertThat(PayloadText.read(null)).isEmpty();
  }

  @Test
  void a_missing_field_is_a_broken_payload() {
    var fields = PayloadText.read("volume=x").orElseThrow();
    assertThatThrownBy(() -> PayloadText.require(fields, "file")).hasMessageContaining("no file");
  }
}
