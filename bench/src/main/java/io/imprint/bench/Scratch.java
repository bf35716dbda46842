package io.imprint.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A temporary directory under {@code java.io.tmpdir} (/tmp) that is deleted at the end of the run,
 * on Ctrl-C too (a shutdown hook). Clean-up actions registered with {@link #onClose} (stopping a
 * server, closing a store) run first, in reverse order. After the clean-up has begun nothing new
 * may start: {@link #requireOpen} says so.
 */
final class Scratch implements AutoCloseable {
  private final Path dir;
  private final Deque<Runnable> closers = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread hook;

  Scratch(String prefix) {
    try {
      dir = Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new BenchException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    hook = new Thread(this::cleanUp, "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  Path dir() {
    return dir;
  }

  /** Bytes free for an unprivileged user on the file system of the directory. */
  long usableBytes() {
    try {
      FileStore store = Files.getFileStore(dir);
      return store.getUsableSpace();
    } catch (IOException e) {
      throw new BenchException("cannot read the free space of " + dir + ": " + e.getMessage(), e);
    }
  }

  synchronized void onClose(Runnable closer) {
    requireOpen();
    closers.push(closer);
  }

  void requireOpen() {
    if (closed.get()) {
      throw new BenchException("stopped");
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  /** Deletes a file or a directory tree now (to give its space back before the next step). */
  static void delete(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("bench: could not delete " + path + ": " + e.getMessage());
    }
  }

  private void cleanUp() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      while (!closers.isEmpty()) {
        try {
          closers.pop().run();
        } catch (RuntimeException e) {
          System.err.println("bench: clean-up step failed: " + e);
        }
      }
    }
    delete(dir);
  }

  @Override
  public void close() {
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }
}
