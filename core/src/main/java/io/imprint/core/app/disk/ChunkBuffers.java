package io.imprint.core.app.disk;

import io.imprint.core.domain.disk.Disk;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chunk buffers of one write, each taken with a permit of the service-wide semaphore and given
 * back with it. Counts the permits it holds, so that a failed write returns even those of buffers
 * it dropped, and reuses the buffers given back instead of allocating 4 MiB per chunk.
 */
final class ChunkBuffers {
  private static final int BUFFER_SIZE = Disk.CHUNK_SIZE + BlobCipher.OVERHEAD;

  private final Semaphore permits;
  private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

  /** Permits taken and not yet given back. */
  private final AtomicInteger held = new AtomicInteger();

  ChunkBuffers(Semaphore permits) {
    this.permits = permits;
  }

  /**
   * A buffer, its content undefined; when no permit is free, runs {@code beforeWaiting} and waits
   * for one.
   */
  byte[] take(Runnable beforeWaiting) {
    if (!permits.tryAcquire()) {
      beforeWaiting.run();
      permits.acquireUninterruptibly();
    }
    held.incrementAndGet();
    var buffer = free.poll();
    return buffer != null ? buffer : new byte[BUFFER_SIZE];
  }

  void release(byte[] buffer) {
    free.add(buffer);
    held.decrementAndGet();
    permits.release();
  }

  /** Gives back every permit still held, whatever became of its buffer. */
  void releaseHeld() {
    permits.release(held.getAndSet(0));
  }
}
