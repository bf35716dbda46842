package io.imprint.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The shell commands that serve as baselines ({@code cp}, {@code sync}), run as a user would. */
final class Commands {
  private Commands() {}

  /**
   * {@code cp source target}, then {@code sync}; returns the nanoseconds of both, and deletes the
   * target.
   */
  static long cp(Path source, Path target) {
    long t0 = System.nanoTime();
    run("cp", source.toString(), target.toString());
    run("sync");
    long nanos = System.nanoTime() - t0;
    Scratch.delete(target);
    run("sync");
    return nanos;
  }

  static void run(String... command) {
    try {
      var process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new BenchException(String.join(" ", command) + " took more than 5 minutes");
      }
      if (process.exitValue() != 0) {
        throw new BenchException(
            String.join(" ", command) + " exited with status " + process.exitValue());
      }
    } catch (IOException e) {
      throw new BenchException(
          "cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
  }
}
