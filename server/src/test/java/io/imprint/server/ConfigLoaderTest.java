package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.server.config.ConfigException;
import io.imprint.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration: a file, IMPRINT_* variables and flags, validated once, each error naming its key.
 */
class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void defaults_give_a_server_on_localhost_8080_with_sqlite() {
    var config = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString()));
    assertThat(config.bind()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.store().name()).isEqualTo("SQLITE");
    assertThat(config.region()).isEqualTo("us-south");
    assertThat(config.jobStallLimit()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void blob_files_are_written_direct_unless_the_operator_asks_for_the_page_cache() {
    assertThat(
            ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString()))
                .blobDirectWrites())
        .isTrue();
    assertThat(
            ConfigLoader.load(
                    null, Map.of(), Map.of("blob-writes", "cached", "data-dir", dir.toString()))
                .blobDirectWrites())
        .isFalse();
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, Map.of(), Map.of("blob-writes", "fast", "data-dir", dir.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be direct or cached, not fast")
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("blob-writes"));
  }

  @Test
  void a_job_stall_limit_that_is_not_a_duration_from_a_second_to_a_day_is_named() {
    for (var bad : new String[] {"10", "PT0.5S", "P2D", "-PT1M"}) {
      assertThatThrownBy(
              () ->
                  ConfigLoader.load(
                      null, Map.of(), Map.of("job-stall-limit", bad, "data-dir", dir.toString())))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("job-stall-limit"));
    }
  }

  @Test
  void the_environment_overrides_the_file_and_flags_override_both() throws Exception {
    var file = dir.resolve("imprint.properties");
    Files.writeString(file, "port=9000\nregion=eu-de\n");
    var config =
        ConfigLoader.load(
            file,
            Map.of("IMPRINT_PORT", "9100", "IMPRINT_DATA_DIR", dir.toString()),
            Map.of("port", "9200"));
    assertThat(config.port()).isEqualTo(9200);
    assertThat(config.region()).isEqualTo("eu-de");
    assertThat(
            ConfigLoader.load(
                    file,
                    Map.of("IMPRINT_PORT", "9100", "IMPRINT_DATA_DIR", dir.toString()),
                    Map.of())
                .port())
        .isEqualTo(9100);
  }

  @Test
  void events_go_to_a_file_in_the_data_dir_and_are_kept_90_days_unless_told_otherwise() {
    var config = ConfigLoader.load(null, Map.of(), Map.of("data-dir", dir.toString()));
    assertThat(config.events().file()).isEqualTo(dir.resolve("events").resolve("events.jsonl"));
    assertThat(config.events().retention()).isEqualTo(Period.ofDays(90));
    var none =
        ConfigLoader.load(
            null,
            Map.of("IMPRINT_EVENTS_RETENTION", "P1Y"),
            Map.of("data-dir", dir.toString(), "events-file", "none"));
    assertThat(none.events().file()).isNull();
    assertThat(none.events().retention()).isEqualTo(Period.ofYears(1));
  }

  @Test
  void a_retention_that_is_not_a_positive_period_is_named() {
    for (var bad : new String[] {"90", "PT1H", "P0D", "-P1D"}) {
      assertThatThrownBy(
              () ->
                  ConfigLoader.load(
                      null, Map.of(), Map.of("events-retention", bad, "data-dir", dir.toString())))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("events-retention"));
    }
  }

  @Test
  void a_bad_port_is_named() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, Map.of(), Map.of("port", "80000", "data-dir", dir.toString())))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("port"));
  }

  @Test
  void an_unknown_key_in_the_file_or_environment_is_named() throws Exception {
    var file = dir.resolve("imprint.properties");
    Files.writeString(file, "colour=blue\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of("data-dir", dir.toString())))
        .hasMessageStartingWith("colour: unknown key");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, Map.of("IMPRINT_COLOUR", "x"), Map.of("data-dir", dir.toString())))
        .hasMessageContaining("IMPRINT_COLOUR");
  }

  @Test
  void an_unwritable_data_dir_is_named() throws Exception {
    var file = dir.resolve("plain-file");
    Files.writeString(file, "x");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, Map.of(), Map.of("data-dir", file.resolve("data").toString())))
        .hasMessageStartingWith("data-dir:");
  }

  @Test
  void an_invalid_region_is_named() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, Map.of(), Map.of("region", "mars-1", "data-dir", dir.toString())))
        .hasMessageStartingWith("region:");
  }

  @Test
  void postgres_needs_a_jdbc_url() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    null, Map.of("IMPRINT_STORE", "postgres"), Map.of("data-dir", dir.toString())))
        .hasMessageStartingWith("postgres.url:");
    var config =
        ConfigLoader.load(
            null,
            Map.of(
                "IMPRINT_STORE",
                "postgres",
                "IMPRINT_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1/imprint"),
            Map.of("data-dir", dir.toString()));
    assertThat(config.postgresUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/imprint");
  }

  @Test
  void cli_variables_are_not_server_keys() {
    var config =
        ConfigLoader.load(
            null,
            Map.of("IMPRINT_URL", "http://x", "IMPRINT_APIKEY", "k"),
            Map.of("data-dir", dir.toString()));
    assertThat(config.port()).isEqualTo(8080);
  }
}
