package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The server's {@link Main} in a child JVM on the test class path, for tests that signal or kill
 * it.
 */
final class ServerProcess {
  private static final Pattern LISTENING = Pattern.compile("Imprint is listening on (http://\\S+)");

  final Process process;
  final String url;
  private final List<String> lines;

  private ServerProcess(Process process, String url, List<String> lines) {
    this.process = process;
    this.url = url;
    this.lines = lines;
  }

  /**
   * A command line for the server's main with {@code args}; no {@code IMPRINT_*} variable leaks in
   * from the test's environment.
   */
  static ProcessBuilder java(String... args) {
    return java(List.of(), args);
  }

  /** As {@link #java(String...)}, with {@code jvmFlags} for the JVM. */
  static ProcessBuilder java(List<String> jvmFlags, String... args) {
    var command = new ArrayList<String>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("IMPRINT_"));
    return builder;
  }

  /** Starts a server on port 0 over {@code dataDir} and returns once it has printed its URL. */
  static ServerProcess start(Path dataDir, Map<String, String> environment) throws Exception {
    return start(dataDir, environment, List.of());
  }

  /** As {@link #start(Path, Map)}, with {@code jvmFlags} for the server's JVM. */
  static ServerProcess start(Path dataDir, Map<String, String> environment, List<String> jvmFlags)
      throws Exception {
    var builder =
        java(jvmFlags, "server", "--port", "0", "--data-dir", dataDir.toString())
            .redirectErrorStream(true);
    builder.environment().put("IMPRINT_BOOTSTRAP_APIKEY", TestServer.ADMIN_APIKEY);
    builder.environment().putAll(environment);
    var process = builder.start();
    var lines = Collections.synchronizedList(new ArrayList<String>());
    var reader = new BufferedReader(new InputStreamReader(process.getInputStream()));
    String line;
    while ((line = reader.readLine()) != null) {
      lines.add(line);
      var m = LISTENING.matcher(line);
      if (m.find()) {
        // keep draining, or the server blocks on a full pipe
        Thread.ofVirtual().start(() -> reader.lines().forEach(lines::add));
        return new ServerProcess(process, m.group(1), lines);
      }
    }
    throw new AssertionError("the server did not start: " + lines);
  }

  /** Everything the server printed so far (stdout and stderr). */
  List<String> output() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** SIGTERM, then waits up to 20 s for a graceful exit. */
  void stop() throws InterruptedException {
    process.destroy();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
  }
}
