package io.imprint.core.app.disk;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.disk.ChunkRef;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.port.BlobStore;
import io.imprint.core.port.Store;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The chunks of one write, stored as a pipeline: the caller fills buffers in order; workers hash
 * and seal them meanwhile and hand each sealed blob to the store at once ({@link BlobStore#stage}),
 * so that the device always has work; batches of staged blobs are then published together and
 * mapped in one transaction each, one batch after the other ({@link ChunkBatches}).
 *
 * <p>The crash rules of {@link DiskService} hold per chunk: its blob id is reserved (committed)
 * before its file is written ({@link BlobReservations}), and mapped only after the whole batch's
 * blobs are published, that is durable. A write that fails removes what it stored but did not map;
 * a crash leaves reserved rows that the next start's recovery removes.
 *
 * <p>Memory is bounded by write permits of the service-wide {@link BufferBudget}, one per chunk
 * buffer in flight ({@link ChunkBuffers}). The caller never waits for a permit while it holds one
 * for a chunk not yet handed to the flush chain, so writers sharing the semaphore cannot wait on
 * each other in a circle.
 */
final class ChunkWriter implements AutoCloseable {
  private final BlobStore blobs;
  private final BlobCipher cipher;
  private final Executor workers;
  private final Executor stagers;
  private final byte[] key;
  private final ChunkBuffers buffers;
  private final BlobReservations reservations;
  private final ChunkBatches batches;
  private boolean finished;

  ChunkWriter(
      Store store,
      BlobStore blobs,
      BlobCipher cipher,
      DiskResources resources,
      Disk disk,
      byte[] key,
      Deployment deployment) {
    this.blobs = blobs;
    this.cipher = cipher;
    this.workers = resources.workers;
    this.stagers = resources.stagers;
    this.key = key;
    this.buffers = new ChunkBuffers(resources.buffers);
    this.reservations = new BlobReservations(store, blobs, disk, deployment, DiskResources.BATCH);
    this.batches =
        new ChunkBatches(
            store, blobs, disk, resources.flusher, DiskResources.BATCH, buffers, reservations);
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
    batches.failFast();
    // every permit this writer holds must belong to work that ends by itself before it waits for
    // another
    return buffers.take(batches::submit);
  }

  /**
   * Hands over a buffer from {@link #buffer} with the chunk's {@code length} bytes of plaintext;
   * {@code current} is what the chunk maps to now (null for a hole).
   */
  void submit(long index, byte[] buffer, int length, ChunkRef current) {
    if (ChunkBytes.isZero(buffer, offset(), length)) {
      buffers.release(buffer);
      if (current != null) {
        var cleared = new ChunkBatches.Result(index, null, null, length, null, 0);
        batches.add(
            new ChunkBatches.Pending(index, null, CompletableFuture.completedFuture(cleared)));
      }
      return;
    }
    queue(index, buffer, length, current, null);
  }

  /**
   * Hands over a buffer whose plaintext's SHA-256 is known ({@code sha256}: the chunk map's, of a
   * blob that AES-GCM just authenticated): it is sealed under this writer's key without hashing it
   * again, which is most of the work a re-encryption would otherwise do per chunk.
   */
  void submitKnown(long index, byte[] buffer, int length, String sha256) {
    queue(index, buffer, length, null, sha256);
  }

  private void queue(long index, byte[] buffer, int length, ChunkRef current, String knownSha) {
    var blobId = reservations.reserve();
    var result =
        CompletableFuture.supplyAsync(
                () -> seal(index, blobId, buffer, length, current, knownSha), workers)
            .thenApplyAsync(this::stage, stagers);
    batches.add(new ChunkBatches.Pending(index, blobId, result));
  }

  /** Waits until every chunk is mapped; throws the first failure. */
  void finish() throws IOException {
    batches.submit();
    batches.await();
    reservations.releaseUnused();
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
    batches.abandon();
    buffers.releaseHeld();
    reservations.removeUncommitted();
  }

  private ChunkBatches.Result seal(
      long index, String blobId, byte[] buffer, int length, ChunkRef current, String knownSha) {
    try {
      var sha = knownSha != null ? knownSha : sha256(buffer, length);
      if (current != null && current.sha256().equals(sha) && current.length() == length) {
        buffers.release(buffer);
        return new ChunkBatches.Result(index, blobId, null, length, null, 0);
      }
      int sealed = cipher.sealInPlace(key, blobId, buffer, length);
      return new ChunkBatches.Result(index, blobId, sha, length, buffer, sealed);
    } catch (RuntimeException | Error e) {
      buffers.release(buffer);
      throw e;
    }
  }

  private static String sha256(byte[] buffer, int length) {
    var digest = ChunkBytes.sha256();
    digest.update(buffer, offset(), length);
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Hands the sealed blob to the store at once, so that the device writes it while later chunks are
   * sealed.
   */
  private ChunkBatches.Result stage(ChunkBatches.Result result) {
    if (result.buffer() == null) {
      return result;
    }
    var taken = new AtomicBoolean();
    try {
      // the bytes are the store's once written: the buffer goes to the next chunk while the device
      // makes this one durable, instead of waiting for the force, the batch and its publication
      blobs.stage(
          new BlobStore.Blob(result.blobId(), result.buffer(), result.sealedLength()),
          () -> {
            taken.set(true);
            buffers.release(result.buffer());
          });
      return taken.get() ? result.withoutBuffer() : result;
    } catch (RuntimeException | Error e) {
      if (!taken.get()) {
        buffers.release(result.buffer());
      }
      throw e;
    }
  }
}
