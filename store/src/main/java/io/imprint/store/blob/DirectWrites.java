package io.imprint.store.blob;

import com.sun.nio.file.ExtendedOpenOption;
import io.imprint.store.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a new file's bytes with {@code O_DIRECT}, past the page cache, where the file system
 * allows it. A blob is written once and rarely read soon after, and filling the page cache with it
 * is what a write through it costs most: once memory is full of cached files every page written
 * must first be reclaimed, and on the virtual machines measured for #19 that made a buffered write
 * spend more than five times the system time of a direct one (6.5 s against 1.1 s for 4 GiB) and
 * run at 60 % of its speed. Object stores write their parts the same way for the same reason.
 *
 * <p>Direct I/O moves whole blocks from aligned memory, so the blob's aligned prefix goes through a
 * reused aligned buffer in slices and its last partial block through an ordinary write. A file
 * system that refuses {@code O_DIRECT} (tmpfs on older kernels, some network file systems) is
 * remembered and written through the page cache from then on, as every platform without the option
 * is.
 */
final class DirectWrites {
  /** The most bytes one direct write moves, and the size of each aligned buffer. */
  static final int SLICE = 1 << 20;

  /** Buffers kept for reuse; more writers at once allocate and then drop theirs. */
  private static final int KEPT = 16;

  private final int block;
  private volatile boolean usable;
  private final ConcurrentLinkedQueue<ByteBuffer> buffers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger kept = new AtomicInteger();

  DirectWrites(Path root) {
    this(root, true);
  }

  /** With {@code enabled} false, never: every blob is left to the page cache. */
  DirectWrites(Path root, boolean enabled) {
    int size;
    try {
      size = (int) Math.min(Integer.MAX_VALUE, Files.getFileStore(root).getBlockSize());
    } catch (IOException | UnsupportedOperationException e) {
      size = 0;
    }
    this.block = size;
    this.usable = enabled && size > 0 && Integer.bitCount(size) == 1 && size <= SLICE;
  }

  /**
   * Writes {@code length} bytes of {@code bytes} to the new file {@code file} (created 0600 or
   * truncated) and returns true, or returns false without creating it when this file system takes
   * no direct writes, for the caller to write it through the page cache.
   */
  boolean write(Path file, byte[] bytes, int length) throws IOException {
    int aligned = usable ? length & -block : 0;
    if (aligned == 0) {
      return false;
    }
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file,
              Set.of(
                  StandardOpenOption.CREATE,
                  StandardOpenOption.TRUNCATE_EXISTING,
                  StandardOpenOption.WRITE,
                  ExtendedOpenOption.DIRECT),
              PrivateFiles.newFile(file));
    } catch (UnsupportedOperationException e) {
      usable = false;
      return false;
    } catch (IOException e) {
      return refused(file, e);
    }
    try (channel) {
      var buffer = take();
      try {
        for (int at = 0; at < aligned; ) {
          int n = Math.min(SLICE, aligned - at);
          buffer.clear().put(bytes, at, n).flip();
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          at += n;
        }
      } finally {
        give(buffer);
      }
    } catch (IOException e) {
      if (!invalid(e)) {
        throw e;
      }
      // a device whose blocks are larger than the file system says takes no write of ours
      return refused(file, e);
    }
    if (aligned < length) {
      try (var tail = FileChannel.open(file, StandardOpenOption.WRITE)) {
        var rest = ByteBuffer.wrap(bytes, aligned, length - aligned);
        while (rest.hasRemaining()) {
          tail.write(rest, rest.position());
        }
      }
    }
    return true;
  }

  /**
   * EINVAL is a file system or device without {@code O_DIRECT} for these blocks: never again. Any
   * other cause shows again on the buffered write, with its own message.
   */
  private boolean refused(Path file, IOException e) throws IOException {
    if (invalid(e)) {
      usable = false;
    }
    Files.deleteIfExists(file);
    return false;
  }

  private static boolean invalid(IOException e) {
    return String.valueOf(e.getMessage()).contains("Invalid argument");
  }

  private ByteBuffer take() {
    var buffer = buffers.poll();
    if (buffer != null) {
      kept.decrementAndGet();
      return buffer;
    }
    return ByteBuffer.allocateDirect(SLICE + block).alignedSlice(block);
  }

  private void give(ByteBuffer buffer) {
    if (kept.incrementAndGet() <= KEPT) {
      buffers.offer(buffer);
    } else {
      kept.decrementAndGet();
    }
  }
}
