package io.imprint.core.app.disk;

import io.imprint.core.domain.disk.Disk;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the JIT to compile AES-GCM and SHA-256 into their CPU intrinsics for chunk-sized calls. A
 * fresh JVM runs them in plain Java, at about 60-90 MB/s for AES-GCM, until C2 compiles their
 * callers, and that waits for thousands of calls: with 4 MiB chunks, the first tens of GB a server
 * reads or writes after each start. Small calls get the callers compiled, but code compiled on
 * small calls only fell back to plain Java on the first 4 MiB one (measured: still 400 MB/s after
 * 20,000 calls of 4 KiB), so rounds of small calls end with one of chunk size, until sealing and
 * opening a chunk costs less than {@link #WARM_AGAINST_COPY} copies of it: a second or two of one
 * core. Once per JVM, as compiled code is.
 */
final class CipherWarmUp {
  /** The small calls, when to stop, and the longest it tries. */
  private static final int WARM_UP_SMALL = 16 << 10;

  private static final int WARM_AGAINST_COPY = 40;
  private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(10);
  private static final AtomicBoolean WARMED_UP = new AtomicBoolean();

  private CipherWarmUp() {}

  static void run(BlobCipher cipher) {
    if (!WARMED_UP.compareAndSet(false, true)) {
      return;
    }
    var key = new byte[32];
    var small = new byte[WARM_UP_SMALL + BlobCipher.OVERHEAD];
    var chunk = new byte[Disk.CHUNK_SIZE + BlobCipher.OVERHEAD];
    long deadline = System.nanoTime() + WARM_UP_LIMIT.toNanos();
    int fast = 0;
    while (fast < 2 && System.nanoTime() < deadline) {
      for (int i = 0; i < 500; i++) {
        exercise(cipher, key, small, WARM_UP_SMALL, i);
      }
      long cipherNanos = exercise(cipher, key, chunk, Disk.CHUNK_SIZE, 0);
      long t0 = System.nanoTime();
      System.arraycopy(chunk, 0, chunk, BlobCipher.OVERHEAD, Disk.CHUNK_SIZE);
      long copyNanos = System.nanoTime() - t0;
      fast = cipherNanos < WARM_AGAINST_COPY * Math.max(1, copyNanos) ? fast + 1 : 0;
    }
  }

  /**
   * One hash, seal and both kinds of open of {@code length} bytes; returns the nanoseconds of the
   * cipher calls.
   */
  private static long exercise(
      BlobCipher cipher, byte[] key, byte[] buffer, int length, int round) {
    buffer[BlobCipher.HEADER] = (byte) round;
    var digest = ChunkBytes.sha256();
    digest.update(buffer, BlobCipher.HEADER, length);
    digest.digest();
    long t0 = System.nanoTime();
    int sealed = cipher.sealInPlace(key, "warm-up", buffer, length);
    // in place for reads, into a new array for openChunk (qcow2 export, partial writes)
    var copy = Arrays.copyOf(buffer, sealed);
    cipher.open(key, "warm-up", copy);
    cipher.openInPlace(key, "warm-up", buffer, sealed);
    return System.nanoTime() - t0;
  }
}
