package io.imprint.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server started as a real process, exactly as a user starts it, with its output in a log file.
 * Times are taken from just before the spawn, so they include everything the user waits for: the
 * launcher script, the JVM start and the server's own start-up.
 */
final class ServerProcess implements AutoCloseable {

  /** USER_HZ, the unit of the times in /proc/<pid>/stat: 100 on every Linux the JDK runs on. */
  private static final long CLOCK_TICKS = 100;

  /** Resident memory of a process, from {@code /proc/<pid>/status}, in kB. */
  record Rss(long currentKb, long peakKb) {}

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;
  private final long spawnedAt;

  private ServerProcess(String name, Process process, int port, Path log, long spawnedAt) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
    this.spawnedAt = spawnedAt;
  }

  /**
   * Spawns {@code command} (which must listen on {@code port}) with stdout and stderr in {@code
   * log}. Variables named in {@code dropEnv} are removed from the inherited environment.
   */
  static ServerProcess spawn(
      String name, List<String> command, int port, Path log, List<String> dropEnv) {
    return spawn(name, command, port, log, dropEnv, Map.of());
  }

  /** As above, with {@code setEnv} set in the environment after the removals. */
  static ServerProcess spawn(
      String name,
      List<String> command,
      int port,
      Path log,
      List<String> dropEnv,
      Map<String, String> setEnv) {
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    dropEnv.forEach(builder.environment()::remove);
    builder.environment().putAll(setEnv);
    long t0 = System.nanoTime();
    try {
      return new ServerProcess(name, builder.start(), port, log, t0);
    } catch (IOException e) {
      throw new BenchException(
          "cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
    }
  }

  /**
   * {@code bin/imprint server} of the checkout at {@code root} on {@code dataDir} and {@code port},
   * as a user starts it: the IMPRINT_* settings of this environment are left out, {@code setEnv} is
   * added.
   */
  static ServerProcess imprint(
      Path root, Path dataDir, int port, Path log, Map<String, String> setEnv) {
    var dropEnv = System.getenv().keySet().stream().filter(k -> k.startsWith("IMPRINT_")).toList();
    return spawn("bin/imprint server", command(root, port, dataDir), port, log, dropEnv, setEnv);
  }

  /** {@code bin/imprint server} of the checkout at {@code root}, then {@code more} arguments. */
  static List<String> command(Path root, int port, Path dataDir, String... more) {
    var command = new ArrayList<String>();
    command.addAll(
        List.of(
            root.resolve("bin/imprint").toString(),
            "server",
            "--port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString()));
    command.addAll(List.of(more));
    return command;
  }

  /** Whether bin/imprint built the project before it started the server (sources changed). */
  boolean rebuilt() {
    return log().contains("imprint: building");
  }

  /** A TCP port on the loopback interface that nothing listens on right now. */
  static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BenchException("cannot find a free port: " + e.getMessage(), e);
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /**
   * Polls {@code pathAndQuery} every 5 ms until it answers 200 (or, to a client without a token,
   * IAM's 401 token_missing) and returns the nanoseconds from the spawn to that answer. Fails when
   * the process exits first, answers something else than 200 once it listens, or takes longer than
   * {@code timeout}.
   */
  long awaitFirst200(Client client, String pathAndQuery, Duration timeout) {
    var uri = Client.uri(port, pathAndQuery);
    long deadline = spawnedAt + timeout.toNanos();
    long next = System.nanoTime();
    while (true) {
      if (!process.isAlive()) {
        throw new BenchException(
            name
                + " exited with status "
                + process.exitValue()
                + " before it answered; its log:\n"
                + logTail(20));
      }
      try {
        var r = client.get(uri, Duration.ofSeconds(10));
        long now = System.nanoTime();
        // without a token the gate answers 401 token_missing: the server serves
        if (r.status() == 200
            || (!client.signedIn() && r.status() == 401 && r.body().contains("token_missing"))) {
          return now - spawnedAt;
        }
        throw new BenchException(
            name + ": GET " + uri + " answered " + r.status() + ": " + Client.abbreviate(r.body()));
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted", e);
      }
      long now = System.nanoTime();
      if (now > deadline) {
        throw new BenchException(
            name
                + " did not answer 200 within "
                + timeout.toSeconds()
                + " s; its log:\n"
                + logTail(20));
      }
      next = Pause.pace(next);
    }
  }

  /** Sends SIGTERM and waits for the exit; returns the nanoseconds that took. */
  long stop() {
    long t0 = System.nanoTime();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new BenchException(name + " did not exit within 30 s of SIGTERM; killed it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new BenchException("interrupted", e);
    }
    return System.nanoTime() - t0;
  }

  /** The executable the process runs now (after any exec), as the kernel reports it. */
  String executable() {
    return process.toHandle().info().command().orElse("?");
  }

  Rss rss() {
    try {
      long current = -1;
      long peak = -1;
      for (var line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          current = kb(line);
        } else if (line.startsWith("VmHWM:")) {
          peak = kb(line);
        }
      }
      if (current < 0 || peak < 0) {
        throw new BenchException("no VmRSS/VmHWM in /proc/" + process.pid() + "/status");
      }
      return new Rss(current, peak);
    } catch (IOException e) {
      throw new BenchException(
          "cannot read /proc/" + process.pid() + "/status: " + e.getMessage(), e);
    }
  }

  /**
   * The CPU time the process and the children it waited for have used, in ms ({@code utime + stime
   * + cutime + cstime} of {@code /proc/<pid>/stat}): less disturbed than the wall time by other
   * work on the machine, and it includes what a launcher script ran before it exec'd the JVM.
   */
  long cpuMillis() {
    try {
      var stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = 0;
      for (int i = 11; i <= 14; i++) {
        ticks += Long.parseLong(fields[i]);
      }
      return ticks * 1000 / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      throw new BenchException(
          "cannot read /proc/" + process.pid() + "/stat: " + e.getMessage(), e);
    }
  }

  private static long kb(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  String logTail(int lines) {
    var all = log().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
