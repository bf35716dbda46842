package io.imprint.core.app.disk;

import io.imprint.core.domain.disk.Disk;
import io.imprint.core.port.BlobStore;
import io.imprint.core.port.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The second half of a {@link ChunkWriter}: the chunks handed over and not yet mapped, in batches.
 * Each batch, once its blobs are staged, is published ({@link BlobStore#publish}, which makes them
 * durable) and then mapped in one transaction, one batch after the other on the flush thread, so
 * that the disk's chunk map changes in the order of the input and a chunk is never mapped to a blob
 * that a crash could still lose.
 */
final class ChunkBatches {
  private final Store store;
  private final BlobStore blobs;
  private final Disk disk;
  private final Executor flusher;
  private final int batchSize;
  private final ChunkBuffers buffers;
  private final BlobReservations reservations;
  private final List<CompletableFuture<Result>> sealing = new ArrayList<>();
  private List<Pending> batch = new ArrayList<>();
  private CompletableFuture<Void> flushed = CompletableFuture.completedFuture(null);

  /** A chunk handed over: {@code blobId} null when it is to be cleared. */
  record Pending(long index, String blobId, CompletableFuture<Result> result) {}

  /**
   * What became of one chunk: cleared ({@code blobId} null), unchanged ({@code sha256} null: its
   * reserved id goes unused) or sealed into {@code buffer} (null once the store took its bytes
   * while staging it, {@link BlobStore#stage(BlobStore.Blob, Runnable)}: the buffer went back to
   * the budget then).
   */
  record Result(
      long index, String blobId, String sha256, int length, byte[] buffer, int sealedLength) {
    boolean stored() {
      return blobId != null && sha256 != null;
    }

    Result withoutBuffer() {
      return new Result(index, blobId, sha256, length, null, sealedLength);
    }
  }

  ChunkBatches(
      Store store,
      BlobStore blobs,
      Disk disk,
      Executor flusher,
      int batchSize,
      ChunkBuffers buffers,
      BlobReservations reservations) {
    this.store = store;
    this.blobs = blobs;
    this.disk = disk;
    this.flusher = flusher;
    this.batchSize = batchSize;
    this.buffers = buffers;
    this.reservations = reservations;
  }

  void add(Pending pending) {
    if (pending.blobId() != null) {
      sealing.add(pending.result());
    }
    batch.add(pending);
    if (batch.size() >= batchSize) {
      submit();
    }
  }

  /** Hands the chunks added so far to the flush chain. */
  void submit() {
    if (batch.isEmpty()) {
      return;
    }
    var mine = batch;
    batch = new ArrayList<>();
    sealing.removeIf(CompletableFuture::isDone);
    // one flush after another, so that chunk maps change in the order of the input; a flush after a
    // failed one stores nothing but still gives its buffers back, so that no writer waits for a
    // permit that never returns
    flushed =
        flushed.handleAsync(
            (ignored, failure) -> {
              flush(mine, failure);
              return null;
            },
            flusher);
  }

  /** Waits until every submitted chunk is mapped; throws the first failure. */
  void await() throws IOException {
    Futures.await(flushed);
  }

  /** A flush that failed ends the write at the next chunk instead of after the whole input. */
  void failFast() throws IOException {
    if (flushed.isCompletedExceptionally()) {
      Futures.await(flushed);
    }
  }

  /**
   * After a failure: waits for all work in flight, giving back the buffers of chunks never
   * submitted.
   */
  void abandon() {
    for (var pending : batch) {
      var result = pending.result().handle((r, e) -> r).join();
      if (result != null && result.buffer() != null) {
        buffers.release(result.buffer());
      }
    }
    batch.clear();
    for (var future : sealing) {
      future.handle((r, e) -> null).join();
    }
    flushed.handle((r, e) -> null).join();
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
    var stored = results.stream().filter(Result::stored).toList();
    try {
      if (failure != null) {
        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
      }
      blobs.publish(
          stored.stream()
              .map(r -> new BlobStore.Blob(r.blobId(), r.buffer(), r.sealedLength()))
              .toList());
    } finally {
      stored.stream().filter(r -> r.buffer() != null).forEach(r -> buffers.release(r.buffer()));
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
            reservations.committed(r.blobId());
          }
        });
  }
}
