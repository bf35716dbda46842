package io.imprint.server;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A file system of a few MiB that really fills up: a size-limited tmpfs, mounted for a test and
 * unmounted after. Mounting needs root; elsewhere the test is skipped, and says why.
 */
final class SmallDisk implements AutoCloseable {
  final Path root;

  private SmallDisk(Path root) {
    this.root = root;
  }

  static SmallDisk mount(long bytes) throws Exception {
    assumeThat(System.getProperty("user.name"))
        .as("a tmpfs can be mounted by root only; this test needs a file system that fills up")
        .isEqualTo("root");
    var root = Files.createTempDirectory("imprint-small-disk");
    var mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", root.toString())
            .redirectErrorStream(true)
            .start();
    var output = new String(mount.getInputStream().readAllBytes());
    if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
      Files.deleteIfExists(root);
      assumeThat(output).as("mount -t tmpfs failed: %s", output).isEmpty();
    }
    return new SmallDisk(root);
  }

  /**
   * Fills the file system up to {@code leaveFree} bytes with one file, and returns it. The server
   * may write meanwhile (its events, its first start's records): a fill that meets a full disk
   * first has done its job.
   */
  Path fill(long leaveFree) throws IOException {
    var filler = root.resolve("filler");
    long free = Files.getFileStore(root).getUsableSpace();
    try (var file = new RandomAccessFile(filler.toFile(), "rw")) {
      var block = new byte[1 << 20];
      long size = Math.max(0, free - leaveFree);
      for (long written = 0; written < size; written += block.length) {
        file.write(block, 0, (int) Math.min(block.length, size - written));
      }
    } catch (IOException e) {
      if (e.getMessage() == null || !e.getMessage().contains("No space left on device")) {
        throw e;
      }
    }
    return filler;
  }

  @Override
  public void close() throws Exception {
    new ProcessBuilder("umount", "-l", root.toString()).start().waitFor(30, TimeUnit.SECONDS);
    Files.deleteIfExists(root);
  }
}
