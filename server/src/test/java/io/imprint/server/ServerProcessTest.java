package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as a real process: start-up errors, SIGTERM, and a restart that keeps the data. */
class ServerProcessTest {
  private static final Pattern LISTENING = Pattern.compile("Imprint is listening on (http://\\S+)");

  @TempDir Path dataDir;

  @Test
  void a_bad_setting_stops_start_up_with_one_line_naming_the_key_and_exit_code_2() throws Exception {
    var process = java("server", "--port", "70000", "--data-dir", dataDir.toString()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    var stderr = new String(process.getErrorStream().readAllBytes()).strip();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr.lines()).hasSize(1);
    assertThat(stderr).startsWith("imprint: configuration error: port:");
  }

  @Test
  void sigterm_stops_gracefully_and_a_second_start_reuses_the_data() throws Exception {
    var first = startServer();
    var api = new Api(first.url);
    var created = api.post("/v1/volumes", obj("name", "survivor", "capacity", 10, "profile", obj("name", "general-purpose"),
        "zone", obj("name", "us-south-1")));
    assertThat(created.status()).isEqualTo(201);
    var volumeId = created.body().path("id").asText();
    var groups = api.raw("GET", "/v2/resource_groups", null, null, java.util.Map.of()).body().path("resources").size();
    first.process.destroy();
    assertThat(first.process.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    assertThat(first.output()).noneMatch(line -> line.contains("Exception"));

    var second = startServer();
    try {
      var again = new Api(second.url);
      assertThat(again.get("/v1/volumes/" + volumeId).body().path("name").asText()).isEqualTo("survivor");
      assertThat(again.raw("GET", "/v2/resource_groups", null, null, java.util.Map.of()).body().path("resources").size()).isEqualTo(groups);
      assertThat(again.get("/v1/vpcs").body().path("total_count").asInt()).isEqualTo(1);
    } finally {
      second.process.destroy();
      second.process.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void a_different_master_key_on_existing_data_is_refused_at_start() throws Exception {
    var first = startServer();
    first.process.destroy();
    assertThat(first.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    var builder = java("server", "--port", "0", "--data-dir", dataDir.toString());
    builder.environment().put("IMPRINT_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32]));
    var process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    var stderr = new String(process.getErrorStream().readAllBytes()).strip();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr).startsWith("imprint: configuration error: master-key:").contains("not the master key");
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("master.key"))).containsExactlyInAnyOrder(
        java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  private record Running(Process process, String url, List<String> lines) {
    List<String> output() throws IOException {
      return lines;
    }
  }

  private Running startServer() throws Exception {
    var process = java("server", "--port", "0", "--data-dir", dataDir.toString()).redirectErrorStream(true).start();
    var lines = java.util.Collections.synchronizedList(new ArrayList<String>());
    var reader = new BufferedReader(new InputStreamReader(process.getInputStream()));
    String url = null;
    String line;
    while (url == null && (line = reader.readLine()) != null) {
      lines.add(line);
      var m = LISTENING.matcher(line);
      if (m.find()) {
        url = m.group(1);
      }
    }
    assertThat(url).as("server printed its URL; output: %s", lines).isNotNull();
    Thread.ofVirtual().start(() -> reader.lines().forEach(lines::add));
    return new Running(process, url, lines);
  }

  private static ProcessBuilder java(String... args) {
    var command = new ArrayList<String>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("IMPRINT_"));
    return builder;
  }

}
