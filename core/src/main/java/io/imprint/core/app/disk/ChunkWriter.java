package io.imprint.core.app.disk;

import io.imprint.core.domain.disk.ChunkRef;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.port.BlobStore;
import io.imprint.core.port.Store;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunks of one write, stored as a pipeline: the caller fills buffers in order; workers hash
 * and seal them meanwhile and hand each sealed blob to the store at once ({@link BlobStore#stage}),
 * so that the device always has work; batches of staged blobs are then published together ({@link
 * BlobStore#publish}) and mapped in one transaction each, one batch after the other.
 *
 * <p>The crash rules of {@link DiskService} hold per chunk: its blob id is reserved (committed)
 * before its file is written, and mapped only after the whole batch's blobs are published, that is
 * durable. A write that fails removes what it stored but did not map; a crash leaves reserved rows
 * that the next start's recovery removes.
 *
 * <p>Memory is bounded by permits of the service-wide {@code buffers} semaphore, one per chunk
 * buffer in flight. The caller never waits for a permit while it holds one for a chunk not yet
 * handed to the flush chain, so writers sharing the semaphore cannot wait on each other in a
 * circle.
 */
final class ChunkWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChunkWriter.class);
  private static final int BUFFER_SIZE = Disk.CHUNK_SIZE + BlobCipher.OVERHEAD;
  private static final byte[] ZEROS = new byte[Disk.CHUNK_SIZE];

  private final Store store;
  private final BlobStore blobs;
  private final BlobCipher cipher;
  private final Executor workers;
  private final Executor stagers;
  private final Executor flusher;
  private final Semaphore buffers;
  private final int batchSize;
  private final Disk disk;
  private final byte[] key;
  private final IdSource ids;
  private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();

  /**
   * Reserved blob ids neither mapped nor released by a committed batch: what a failed write must
   * remove.
   */
  private final Set<String> uncommitted = ConcurrentHashMap.newKeySet();

  private final ArrayDeque<String> reserved = new ArrayDeque<>();
  private final List<CompletableFuture<Result>> sealing = new ArrayList<>();
  private List<Pending> batch = new ArrayList<>();
  private CompletableFuture<Void> flushed = CompletableFuture.completedFuture(null);

  /**
   * Permits taken and not yet given back, so that a failed write returns even those of a buffer it
   * dropped.
   */
  private final AtomicInteger held = new AtomicInteger();

  private boolean finished;
  private int nextReservation = 1;

  /** Fresh blob ids and the moment of their reservation. */
  interface IdSource {
    String newId();

    Instant now();
  }

  ChunkWriter(
      Store store,
      BlobStore blobs,
      BlobCipher cipher,
      Executor workers,
      Executor stagers,
      Executor flusher,
      Semaphore buffers,
      int batchSize,
      Disk disk,
      byte[] key,
      IdSource ids) {
    this.store = store;
    this.blobs = blobs;
    this.cipher = cipher;
    this.workers = workers;
    this.stagers = stagers;
    this.flusher = flusher;
    this.buffers = buffers;
    this.batchSize = batchSize;
    this.disk = disk;
    this.key = key;
    this.ids = ids;
  }

  /** Where the plaintext of a chunk goes in a buffer from {@link #buffer}. */
  static int offset() {
    return BlobCipher.HEADER;
  }

  /**
   * A buffer for the next chunk: its plaintext at {@link #offset()}, its content undefined. Waits
   * for a permit.
   */
  byte[] buffer() throws IOException {
    failFast();
    if (!buffers.tryAcquire()) {
      // every permit this writer holds must belong to work that ends by itself before it waits for
      // another
      submitBatch();
      buffers.acquireUninterruptibly();
    }
    held.incrementAndGet();
    var buffer = free.poll();
    return buffer != null ? buffer : new byte[BUFFER_SIZE];
  }

  /**
   * Hands over a buffer from {@link #buffer} with the chunk's {@code length} bytes of plaintext;
   * {@code current} is what the chunk maps to now (null for a hole).
   */
  void submit(long index, byte[] buffer, int length, ChunkRef current) {
    if (ChunkBytes.isZero(buffer, offset(), length)) {
      release(buffer);
      if (current != null) {
        add(
            new Pending(
                index,
                null,
                CompletableFuture.completedFuture(new Result(index, null, null, length, null, 0))));
      }
      return;
    }
    var blobId = reserve();
    var result =
        CompletableFuture.supplyAsync(() -> seal(index, blobId, buffer, length, current), workers)
            .thenApplyAsync(this::stage, stagers);
    sealing.add(result);
    add(new Pending(index, blobId, result));
  }

  /** Waits until every chunk is mapped; throws the first failure. */
  void finish() throws IOException {
    submitBatch();
    await(flushed);
    if (!reserved.isEmpty()) {
      var unused = List.copyOf(reserved);
      store.write(
          tx -> {
            tx.disks().deleteBlobs(unused);
            return null;
          });
      unused.forEach(uncommitted::remove);
      reserved.clear();
    }
    finished = true;
  }

  /**
   * After a failure: waits for the work in flight, then removes every blob stored but not mapped,
   * file first.
   */
  @Override
  public void close() {
    if (finished) {
      return;
    }
    for (var pending : batch) {
      var result = pending.result().handle((r, e) -> r).join();
      if (result != null && result.buffer() != null) {
        release(result.buffer());
      }
    }
    batch.clear();
    for (var future : sealing) {
      future.handle((r, e) -> null).join();
    }
    flushed.handle((r, e) -> null).join();
    buffers.release(held.getAndSet(0));
    if (!uncommitted.isEmpty()) {
      var ids = List.copyOf(uncommitted);
      try {
        ids.forEach(blobs::delete);
        store.write(
            tx -> {
              tx.disks().deleteBlobs(ids);
              return null;
            });
      } catch (RuntimeException e) {
        // the next start's recovery removes what is left: pending rows and files no row knows
        log.warn(
            "cannot remove {} blob(s) of a failed write of disk {}: {}",
            ids.size(),
            disk.id(),
            e.toString());
      }
    }
  }

  private String reserve() {
    if (reserved.isEmpty()) {
      // 1, 2, 4, … up to a batch: a one-chunk write reserves one id, a large one a batch per
      // transaction
      int count = nextReservation;
      nextReservation = Math.min(batchSize, 2 * count);
      var fresh = new ArrayList<String>(count);
      for (int i = 0; i < count; i++) {
        fresh.add(ids.newId());
      }
      var at = ids.now();
      store.write(
          tx -> {
            fresh.forEach(id -> tx.disks().reserveBlob(id, disk.dataKeyId(), at));
            return null;
          });
      uncommitted.addAll(fresh);
      reserved.addAll(fresh);
    }
    return reserved.poll();
  }

  private Result seal(long index, String blobId, byte[] buffer, int length, ChunkRef current) {
    try {
      var digest = ChunkBytes.sha256();
      digest.update(buffer, offset(), length);
      var sha = HexFormat.of().formatHex(digest.digest());
      if (current != null && current.sha256().equals(sha) && current.length() == length) {
        release(buffer);
        return new Result(index, blobId, null, length, null, 0);
      }
      int sealed = cipher.sealInPlace(key, blobId, buffer, length);
      return new Result(index, blobId, sha, length, buffer, sealed);
    } catch (RuntimeException | Error e) {
      release(buffer);
      throw e;
    }
  }

  /**
   * Hands the sealed blob to the store at once, so that the device writes it while later chunks are
   * sealed.
   */
  private Result stage(Result result) {
    if (result.buffer() == null) {
      return result;
    }
    try {
      blobs.stage(new BlobStore.Blob(result.blobId(), result.buffer(), result.sealedLength()));
      return result;
    } catch (RuntimeException | Error e) {
      release(result.buffer());
      throw e;
    }
  }

  private void add(Pending pending) {
    batch.add(pending);
    if (batch.size() >= batchSize) {
      submitBatch();
    }
  }

  private void submitBatch() {
    if (batch.isEmpty()) {
      return;
    }
    var mine = batch;
    batch = new ArrayList<>();
    sealing.removeIf(CompletableFuture::isDone);
    // one flush after another, so that chunk maps change in the order of the input; a flush after a
    // failed one
    // stores nothing but still gives its buffers back, so that no writer waits for a permit that
    // never returns
    flushed =
        flushed.handleAsync(
            (ignored, failure) -> {
              flush(mine, failure);
              return null;
            },
            flusher);
  }

  private void flush(List<Pending> pending, Throwable earlier) {
    var results = new ArrayList<Result>(pending.size());
    Throwable failure = earlier;
    for (var p : pending) {
      try {
        results.add(p.result().join());
      } catch (CompletionException e) {
        failure = failure != null ? failure : e.getCause();
      }
    }
    var stored = results.stream().filter(r -> r.buffer() != null).toList();
    try {
      if (failure != null) {
        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
      }
      blobs.publish(
          stored.stream()
              .map(r -> new BlobStore.Blob(r.blobId(), r.buffer(), r.sealedLength()))
              .toList());
    } finally {
      stored.forEach(r -> release(r.buffer()));
    }
    store.write(
        tx -> {
          var unused = new ArrayList<String>();
          for (var r : results) {
            if (r.blobId() == null) {
              tx.disks().clearChunk(disk.id(), r.index());
            } else if (r.sha256() == null) {
              unused.add(r.blobId());
            } else {
              tx.disks().putChunk(disk.id(), r.index(), r.blobId(), r.sha256(), r.length());
            }
          }
          tx.disks().deleteBlobs(unused);
          return null;
        });
    results.forEach(
        r -> {
          if (r.blobId() != null) {
            uncommitted.remove(r.blobId());
          }
        });
  }

  private void release(byte[] buffer) {
    free.add(buffer);
    held.decrementAndGet();
    buffers.release();
  }

  /** A flush that failed ends the write at the next chunk instead of after the whole input. */
  private void failFast() throws IOException {
    if (flushed.isCompletedExceptionally()) {
      await(flushed);
    }
  }

  private static void await(CompletableFuture<?> future) throws IOException {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while storing chunks", e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  static IOException rethrow(Throwable cause) {
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    switch (cause) {
      case IOException e -> {
        return e;
      }
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new IllegalStateException(cause);
    }
  }

  private record Pending(long index, String blobId, CompletableFuture<Result> result) {}

  /**
   * What became of one chunk: cleared ({@code blobId} null), unchanged ({@code sha256} null: its
   * reserved id goes unused) or sealed into {@code buffer}.
   */
  private record Result(
      long index, String blobId, String sha256, int length, byte[] buffer, int sealedLength) {}
}
