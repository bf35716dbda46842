package io.imprint.store.blob;

import io.imprint.core.domain.disk.DiskCorruptedException;
import io.imprint.core.port.BlobStore;
import io.imprint.core.port.StorageFullException;
import io.imprint.store.OutOfSpace;
import io.imprint.store.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Blobs as files under one directory, fanned out by the first two characters of the id ({@code
 * ab/abcd…}) so no directory grows huge. A put writes a temporary file (past the page cache where
 * the file system allows it, {@link DirectWrites}), forces it to disk, renames it into place and
 * forces the directory, so a crash leaves the whole blob or a temporary file that {@link
 * #forEachId} never reports (and the next put of the same id, or a sweep, replaces or removes).
 * Staging writes the temporary file only; publication forces a batch's files together, then renames
 * them.
 */
public final class LocalBlobStore implements BlobStore {
  private static final Pattern ID = Pattern.compile("^[0-9a-f][0-9a-f-]{7,63}$");

  /**
   * Threads that force blob files and directories; idle ones end, so a store costs no thread while
   * unused.
   */
  private static final int IO_THREADS = 8;

  private static final int SLICE = 64 << 10;
  private final Path root;
  private final ThreadPoolExecutor io;
  private final Set<Path> durableDirs = ConcurrentHashMap.newKeySet();
  private final DirectWrites direct;

  public LocalBlobStore(Path root) {
    this(root, true);
  }

  /**
   * With {@code directWrites} false every blob is written through the page cache, for a file system
   * where {@code O_DIRECT} is accepted but slow (a network file system that makes each write a
   * round trip, say).
   */
  public LocalBlobStore(Path root, boolean directWrites) {
    this.root = root.toAbsolutePath();
    var threads = Thread.ofPlatform().name("blob-io-", 0).daemon(true).factory();
    this.io =
        new ThreadPoolExecutor(
            IO_THREADS, IO_THREADS, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    this.io.allowCoreThreadTimeOut(true);
    try {
      PrivateFiles.directory(this.root);
      deleteTemporaries();
      this.direct = new DirectWrites(this.root, directWrites);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the blob directory " + this.root, e);
    }
  }

  @Override
  public void put(String id, byte[] sealed) {
    putAll(List.of(new Blob(id, sealed, sealed.length)));
  }

  /**
   * Each blob is written to a temporary file and forced, all of them at once on a small pool: the
   * file system joins concurrent forces into one journal commit, where one force after another
   * costs a device flush each.
   */
  @Override
  public void putAll(List<Blob> blobs) {
    runAll(blobs.stream().<IoTask>map(blob -> () -> writeTemporary(blob, () -> {})).toList());
    publish(blobs);
  }

  /**
   * Writes the blob to its temporary file, under a name no reader knows; {@link #publish} forces
   * it.
   */
  @Override
  public void stage(Blob blob) {
    stage(blob, () -> {});
  }

  /** The bytes are taken once they are written to the file. */
  @Override
  public void stage(Blob blob, Runnable bytesTaken) {
    try {
      writeTemporary(blob, bytesTaken);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /**
   * Forces the staged blobs' files, all at once, renames each into place, then forces every
   * directory a rename changed, once each and all at once, so that the names too survive a power
   * loss, not only the bytes.
   */
  @Override
  public void publish(List<Blob> blobs) {
    if (blobs.isEmpty()) {
      return;
    }
    // the batch's files are forced together: the file system joins the forces into few journal
    // commits and device flushes, where a force per file as it was written cost one each
    runAll(
        blobs.stream().<IoTask>map(blob -> () -> forceFile(temporary(path(blob.id())))).toList());
    var parents = new LinkedHashSet<Path>();
    for (var blob : blobs) {
      var target = path(blob.id());
      var tmp = temporary(target);
      parents.add(target.getParent());
      try {
        try {
          Files.move(
              tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write blob " + blob.id(), e);
      }
    }
    runAll(parents.stream().<IoTask>map(dir -> () -> forceDirectory(dir)).toList());
  }

  /** Where a blob is written before it is published: beside it, under a name no id matches. */
  private static Path temporary(Path target) {
    return target.resolveSibling(target.getFileName() + ".tmp");
  }

  private static void forceFile(Path file) throws IOException {
    try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private void writeTemporary(Blob blob, Runnable bytesTaken) throws IOException {
    var target = path(blob.id());
    requireDurable(target.getParent());
    var tmp = temporary(target);
    try {
      if (!direct.write(tmp, blob.buffer(), blob.length())) {
        writeBuffered(tmp, blob);
      }
      bytesTaken.run();
    } catch (IOException e) {
      // a blob that did not fit leaves nothing behind: the space it took is given back at once
      Files.deleteIfExists(tmp);
      if (OutOfSpace.reportedIn(e)) {
        throw new StorageFullException(
            "the blob store has no space left for blob " + blob.id() + ": " + e.getMessage(), e);
      }
      throw new IOException("cannot write blob " + blob.id() + ": " + e.getMessage(), e);
    }
  }

  private static void writeBuffered(Path tmp, Blob blob) throws IOException {
    try (var channel =
        FileChannel.open(
            tmp,
            Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE),
            PrivateFiles.newFile(tmp))) {
      // in slices: the channel copies a heap buffer through a temporary native one of the same
      // size, kept per thread
      for (int at = 0; at < blob.length(); ) {
        at +=
            channel.write(ByteBuffer.wrap(blob.buffer(), at, Math.min(SLICE, blob.length() - at)));
      }
    }
  }

  /**
   * Creates the fan-out directory if needed and makes sure its own name is durable before any blob
   * in it counts as stored: a thread that merely sees the directory exist may not rely on another
   * thread's force still under way.
   */
  private void requireDurable(Path dir) throws IOException {
    if (durableDirs.contains(dir)) {
      return;
    }
    synchronized (durableDirs) {
      if (!durableDirs.contains(dir)) {
        PrivateFiles.directory(dir);
        forceDirectory(root);
        durableDirs.add(dir);
      }
    }
  }

  private static void forceDirectory(Path dir) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(dir, StandardOpenOption.READ);
    } catch (IOException e) {
      // some platforms (Windows) cannot open a directory; there a rename is as durable as the
      // platform makes it
      return;
    }
    try (channel) {
      channel.force(true);
    }
  }

  @FunctionalInterface
  private interface IoTask {
    void run() throws IOException;
  }

  /**
   * Runs the tasks at once, the calling thread taking the first, and returns when every one has
   * ended, so that no task of a failed call still writes after it; throws the first failure.
   */
  private void runAll(List<IoTask> tasks) {
    var futures = new ArrayList<Future<?>>();
    Throwable failure = null;
    try {
      for (int i = 1; i < tasks.size(); i++) {
        var task = tasks.get(i);
        futures.add(
            io.submit(
                () -> {
                  task.run();
                  return null;
                }));
      }
      if (!tasks.isEmpty()) {
        tasks.getFirst().run();
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    boolean interrupted = false;
    for (var future : futures) {
      while (true) {
        try {
          future.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause();
          } else {
            failure.addSuppressed(e.getCause());
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    switch (failure) {
      case null -> {}
      case IOException e -> throw new UncheckedIOException(e.getMessage(), e);
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new IllegalStateException(failure);
    }
  }

  @Override
  public byte[] get(String id) {
    try {
      return Files.readAllBytes(path(id));
    } catch (NoSuchFileException e) {
      throw new DiskCorruptedException("blob " + id + " is missing from " + root, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read blob " + id, e);
    }
  }

  @Override
  public int read(String id, byte[] buffer) {
    try (var channel = FileChannel.open(path(id), StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > buffer.length) {
        throw new DiskCorruptedException(
            "blob " + id + " holds " + size + " bytes, more than a chunk can seal to");
      }
      for (int at = 0; at < size; ) {
        int n = channel.read(ByteBuffer.wrap(buffer, at, (int) Math.min(SLICE, size - at)));
        if (n < 0) {
          throw new DiskCorruptedException("blob " + id + " ended early: it changed while read");
        }
        at += n;
      }
      return (int) size;
    } catch (NoSuchFileException e) {
      throw new DiskCorruptedException("blob " + id + " is missing from " + root, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read blob " + id, e);
    }
  }

  @Override
  public void delete(String id) {
    try {
      var target = path(id);
      Files.deleteIfExists(temporary(target));
      Files.deleteIfExists(target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete blob " + id, e);
    }
  }

  @Override
  public void forEachId(Consumer<String> consumer) {
    try (var dirs = Files.newDirectoryStream(root)) {
      for (var dir : dirs) {
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (var files = Files.newDirectoryStream(dir)) {
          for (var file : files) {
            var name = file.getFileName().toString();
            if (ID.matcher(name).matches()) {
              consumer.accept(name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the blob directory " + root, e);
    }
  }

  /** Where a blob lives; ids are validated so that no id can name a path outside the root. */
  Path path(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a blob id: " + id);
    }
    return root.resolve(id.substring(0, 2)).resolve(id);
  }

  private void deleteTemporaries() throws IOException {
    try (var walk = Files.walk(root, 2)) {
      for (var p : (Iterable<Path>) walk::iterator) {
        if (p.getFileName().toString().endsWith(".tmp")) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
