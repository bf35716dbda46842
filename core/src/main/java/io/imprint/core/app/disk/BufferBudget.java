package io.imprint.core.app.disk;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.disk.Disk;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one memory budget for chunk buffers: every upload, read, import and capture takes its 4 MiB
 * buffers here, with a permit each, and gives them back here. The arrays themselves are shared, so
 * memory is bounded by the permits alone: a buffer given back waits in one pool for whoever takes a
 * permit next. (Each write once kept the buffers it gave back for itself, so twenty writes held
 * twenty pipelines' worth and ran out of heap.)
 *
 * <p>The permits come in two parts, for writes and for reads, so that readers and writers never
 * wait on each other; within each part the callers already wait only while holding nothing that
 * others wait for. A caller that cannot get a permit within {@code wait} gets 503 {@code
 * service_unavailable} with a {@code Retry-After}: the server is saturated, not broken.
 */
final class BufferBudget {
  static final int BUFFER_BYTES = Disk.CHUNK_SIZE + BlobCipher.OVERHEAD;

  final Semaphore writes;
  final Semaphore reads;
  private final Duration wait;
  private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

  BufferBudget(int writeBuffers, int readBuffers, Duration wait) {
    this.writes = new Semaphore(writeBuffers);
    this.reads = new Semaphore(readBuffers);
    this.wait = wait;
  }

  /** A permit of {@code part}, within the wait, or a 503. */
  void acquire(Semaphore part) {
    try {
      if (!part.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw saturated();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw saturated();
    }
  }

  /**
   * Waits until a read could start (a read permit is free within the wait, or a 503), without
   * keeping it: called before a read's answer begins, so that a saturated server says so while it
   * still can.
   */
  void awaitRead() {
    acquire(reads);
    reads.release();
  }

  /** An array for a permit just taken, its content undefined. */
  byte[] array() {
    var buffer = free.poll();
    return buffer != null ? buffer : new byte[BUFFER_BYTES];
  }

  /** Gives back an array whose permit is given back with it (or was, by its holder). */
  void recycle(byte[] buffer) {
    if (buffer != null && buffer.length == BUFFER_BYTES) {
      free.add(buffer);
    }
  }

  private ApiException saturated() {
    return new ApiException(
        ErrorCode.SERVICE_UNAVAILABLE,
        "The server is moving as much data as its memory allows; retry in a few seconds.");
  }
}
