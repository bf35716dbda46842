package io.imprint.store.blob;

import io.imprint.core.disk.BlobStore;
import io.imprint.core.disk.DiskCorruptedException;
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
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Blobs as files under one directory, fanned out by the first two characters of the id ({@code ab/abcd…}) so no
 * directory grows huge. A put writes a temporary file, forces it to disk and renames it into place, so a crash leaves
 * the whole blob or a temporary file that {@link #forEachId} never reports (and the next put of the same id, or a
 * sweep, replaces or removes).
 */
public final class LocalBlobStore implements BlobStore {
  private static final Pattern ID = Pattern.compile("^[0-9a-f][0-9a-f-]{7,63}$");
  private final Path root;

  public LocalBlobStore(Path root) {
    this.root = root.toAbsolutePath();
    try {
      Files.createDirectories(this.root);
      deleteTemporaries();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the blob directory " + this.root, e);
    }
  }

  @Override
  public void put(String id, byte[] sealed) {
    var target = path(id);
    try {
      Files.createDirectories(target.getParent());
      var tmp = target.resolveSibling(id + ".tmp");
      try (var channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        var buffer = ByteBuffer.wrap(sealed);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write blob " + id, e);
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
  public void delete(String id) {
    try {
      Files.deleteIfExists(path(id));
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
