package io.imprint.core.app.disk.qcow2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real qemu tools, the reference for what a valid qcow2 image is. They are a test-only
 * dependency that Maven cannot bring, so a missing qemu-img fails loudly with the way to install it
 * instead of skipping the qcow2 tests.
 */
final class QemuImg {
  private static volatile boolean checked;

  private QemuImg() {}

  record Result(int exitCode, String output) {}

  /** Fails the calling test with the install instructions when qemu-img is not on this machine. */
  static void require() {
    if (checked) {
      return;
    }
    try {
      var process = new ProcessBuilder("qemu-img", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      if (process.waitFor() != 0) {
        throw new AssertionError(missing());
      }
      checked = true;
    } catch (IOException e) {
      throw new AssertionError(missing(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while looking for qemu-img", e);
    }
  }

  private static String missing() {
    return "qemu-img is not installed, and the qcow2 tests need it as their reference. Install Debian's qemu-utils: "
        + "bin/test does it through bin/lib/os-deps.sh, or run "
        + "`bash -c '. bin/lib/os-deps.sh && imprint_ensure_os_packages'` from the repository root.";
  }

  static Result qemuImg(Object... args) {
    return run("qemu-img", args);
  }

  static Result qemuIo(Object... args) {
    return run("qemu-io", args);
  }

  /**
   * Runs and expects exit 0, so a setup step that fails says why instead of surfacing as a
   * confusing assertion.
   */
  static void qemuImgOk(Object... args) {
    ok(qemuImg(args), "qemu-img", args);
  }

  static void qemuIoOk(Object... args) {
    ok(qemuIo(args), "qemu-io", args);
  }

  private static void ok(Result result, String tool, Object... args) {
    if (result.exitCode() != 0) {
      throw new AssertionError(
          tool + " " + List.of(args) + " exited " + result.exitCode() + ":\n" + result.output());
    }
  }

  private static Result run(String tool, Object... args) {
    // qemu times PBKDF2 by the thread's CPU time before it writes a LUKS header, and a tick-based
    // clock can show 0 ms for its first round: it then gives up with this message, which says
    // nothing about the image, so the run is repeated. A failed run costs a few milliseconds, and
    // five in a row did fail once in a bin/test on 2026-12-07, so it is tried up to 40 times
    for (int attempt = 1; ; attempt++) {
      var result = runOnce(tool, args);
      if (result.exitCode() == 0
          || !result.output().contains("Unable to get accurate CPU usage")
          || attempt == 40) {
        return result;
      }
    }
  }

  private static Result runOnce(String tool, Object... args) {
    require();
    var command = new ArrayList<String>();
    command.add(tool);
    for (var arg : args) {
      command.add(arg instanceof Path path ? path.toString() : String.valueOf(arg));
    }
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish in 60 s");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }
}
