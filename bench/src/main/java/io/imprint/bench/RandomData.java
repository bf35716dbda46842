package io.imprint.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * Incompressible bytes made fast: a {@link SplittableRandom} written eight bytes at a time into the
 * caller's buffer (several GB/s, far above what the data plane or a disk takes), so that generating
 * test data never holds up what is measured. Not cryptographic, and not meant to be: it only has to
 * be non-zero and not deduplicable. Each instance is for one thread.
 */
final class RandomData {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private final SplittableRandom random;

  RandomData(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Fills {@code b[off, off + len)} with random bytes. */
  void fill(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      LONGS.set(b, i, random.nextLong());
    }
    if (i < end) {
      long last = random.nextLong();
      for (; i < end; i++, last >>>= 8) {
        b[i] = (byte) last;
      }
    }
  }

  byte[] bytes(int length) {
    var b = new byte[length];
    fill(b, 0, length);
    return b;
  }

  /** A stream of {@code length} random bytes, made as they are read (nothing is held in memory). */
  InputStream stream(long length) {
    return new InputStream() {
      private long left = length;

      @Override
      public int read() {
        if (left <= 0) {
          return -1;
        }
        var one = new byte[1];
        fill(one, 0, 1);
        left--;
        return one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        fill(b, off, n);
        left -= n;
        return n;
      }

      @Override
      public int available() {
        return (int) Math.min(Integer.MAX_VALUE, left);
      }
    };
  }

  /**
   * Writes a file of {@code length} random bytes and forces it to the disk; returns the nanoseconds
   * that took.
   */
  long writeFile(Path file, long length) throws IOException {
    long t0 = System.nanoTime();
    var buffer = new byte[4 << 20];
    try (var channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long left = length;
      while (left > 0) {
        int n = (int) Math.min(buffer.length, left);
        fill(buffer, 0, n);
        var bb = ByteBuffer.wrap(buffer, 0, n);
        while (bb.hasRemaining()) {
          channel.write(bb);
        }
        left -= n;
      }
      channel.force(true);
    }
    return System.nanoTime() - t0;
  }
}
