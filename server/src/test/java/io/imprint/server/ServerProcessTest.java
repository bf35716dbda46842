package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as a real process: start-up errors, SIGTERM, and a restart that keeps the data. */
class ServerProcessTest {
  @TempDir Path dataDir;

  @Test
  void a_bad_setting_stops_start_up_with_one_line_naming_the_key_and_exit_code_2()
      throws Exception {
    var process =
        ServerProcess.java("server", "--port", "70000", "--data-dir", dataDir.toString()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    var stderr = new String(process.getErrorStream().readAllBytes()).strip();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr.lines()).hasSize(1);
    assertThat(stderr).startsWith("imprint: configuration error: port:");
  }

  @Test
  void sigterm_stops_gracefully_and_a_second_start_reuses_the_data() throws Exception {
    var first = ServerProcess.start(dataDir, Map.of());
    var api = new Api(first.url);
    var created =
        api.post(
            "/v1/volumes",
            obj(
                "name",
                "survivor",
                "capacity",
                10,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1")));
    assertThat(created.status()).isEqualTo(201);
    var volumeId = created.body().path("id").asText();
    var groups =
        api.raw("GET", "/v2/resource_groups", null, null, Map.of()).body().path("resources").size();
    first.stop();
    assertThat(first.output()).noneMatch(line -> line.contains("Exception"));

    var second = ServerProcess.start(dataDir, Map.of());
    try {
      var again = new Api(second.url);
      assertThat(again.get("/v1/volumes/" + volumeId).body().path("name").asText())
          .isEqualTo("survivor");
      assertThat(
              again
                  .raw("GET", "/v2/resource_groups", null, null, Map.of())
                  .body()
                  .path("resources")
                  .size())
          .isEqualTo(groups);
      assertThat(again.get("/v1/vpcs").body().path("total_count").asInt()).isEqualTo(1);
    } finally {
      second.stop();
    }
  }

  @Test
  void a_different_master_key_on_existing_data_is_refused_at_start() throws Exception {
    var first = ServerProcess.start(dataDir, Map.of());
    first.stop();
    var builder = ServerProcess.java("server", "--port", "0", "--data-dir", dataDir.toString());
    builder
        .environment()
        .put("IMPRINT_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    var process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    var stderr = new String(process.getErrorStream().readAllBytes()).strip();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr)
        .startsWith("imprint: configuration error: master-key:")
        .contains("not the master key");
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("master.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }
}
