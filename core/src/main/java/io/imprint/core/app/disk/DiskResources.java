package io.imprint.core.app.disk;

import io.imprint.core.domain.disk.Disk;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads and chunk buffers that all reads and writes of one {@link DiskService} share, sized
 * once from a memory budget: the heap stays bounded however many reads and writes run, and the CPU
 * work never takes more threads than there are cores.
 */
final class DiskResources {
  /**
   * At most this many chunk buffers for all writes together: a buffer is held from its chunk's
   * plaintext until the store has its sealed bytes (once written, for a store that takes them when
   * staged; else at its batch's publication).
   */
  private static final int WRITE_BUFFERS = 20;

  /**
   * Chunks per batch of a write: the store forces a batch's blobs together when it publishes them,
   * which the file system joins into few journal commits, and the chunk map takes them in one
   * transaction. A blob staged in a store that took its bytes holds no buffer, so a batch may be
   * larger than the buffers; a writer that runs out of buffers hands its batch over as it stands.
   */
  static final int BATCH = 32;

  /** Chunks a read opens ahead of the one it sends, at most. */
  private static final int PREFETCH = 4;

  /** At most this many chunk buffers for all reads together. */
  private static final int READ_BUFFERS = 4 * PREFETCH;

  private static final long BUFFER_BYTES = Disk.CHUNK_SIZE + BlobCipher.OVERHEAD;

  /** The chunk buffers of all reads and writes: permits in two parts, and the arrays. */
  final BufferBudget buffers;

  /** Chunks a read opens ahead. */
  final int prefetch;

  /** Hashing, sealing and opening: CPU work, one thread per core at most. Idle threads end. */
  final ExecutorService workers;

  /**
   * Staging sealed blobs: waits for the device, so more threads than cores, bounded by the buffers.
   */
  final ExecutorService stagers;

  /** One thread per running write, publishing its batches and mapping them. Idle threads end. */
  final ExecutorService flusher =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("disk-flush-", 0).daemon(true).factory());

  /**
   * With at most {@code bufferBytes} of chunk buffers in flight, two thirds of them for writes; a
   * caller waits {@code bufferWait} at most for one.
   */
  DiskResources(long bufferBytes, Duration bufferWait) {
    int cores = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 8);
    this.workers = pool(cores, "disk-worker-");
    long budget = bufferBytes / BUFFER_BYTES;
    int forWrites = (int) Math.clamp(budget * 2 / 3, 2, WRITE_BUFFERS);
    int forReads = (int) Math.clamp(budget / 3, 1, READ_BUFFERS);
    this.buffers = new BufferBudget(forWrites, forReads, bufferWait);
    this.prefetch = Math.min(PREFETCH, forReads);
    this.stagers = pool(forWrites, "disk-stage-");
  }

  private static ExecutorService pool(int threads, String name) {
    var pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Thread.ofPlatform().name(name, 0).daemon(true).factory());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
