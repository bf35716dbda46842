package io.imprint.core.app.disk;

import io.imprint.core.domain.disk.ChunkRef;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.disk.DiskCorruptedException;
import io.imprint.core.port.BlobStore;
import io.imprint.core.port.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The read path of {@link DiskService}: streams a range of a disk, opening the present chunks ahead
 * on the workers while earlier ones are sent, and opens single chunks for the callers that need a
 * whole chunk at once (a partial write, a qcow2 export). Apart from the write path because it
 * shares nothing with it but the keys and the cipher, and has its own buffers.
 */
final class DiskReader {
  /** Chunk refs are fetched in windows so that a 100 GB read never holds 25,600 refs at once. */
  private static final long WINDOW = 1024;

  private final Store store;
  private final BlobStore blobs;
  private final BlobCipher cipher;
  private final DataKeys keys;
  private final DiskResources resources;

  DiskReader(
      Store store, BlobStore blobs, BlobCipher cipher, DataKeys keys, DiskResources resources) {
    this.store = store;
    this.blobs = blobs;
    this.cipher = cipher;
    this.keys = keys;
    this.resources = resources;
  }

  /** See {@link DiskService#read}. */
  void read(Disk disk, long offset, long length, OutputStream out) throws IOException {
    if (offset < 0 || length < 0 || offset + length > disk.capacityBytes()) {
      throw new IllegalArgumentException("read outside the disk");
    }
    long end = offset + length;
    long first = offset / Disk.CHUNK_SIZE;
    long last = length == 0 ? first - 1 : (end - 1) / Disk.CHUNK_SIZE;
    try (var reader = new Prefetcher(out)) {
      for (long from = first; from <= last; from += WINDOW) {
        final long windowStart = from;
        final long to = Math.min(last + 1, from + WINDOW);
        var refs = store.read(tx -> tx.disks().chunks(disk.id(), windowStart, to));
        int next = 0;
        for (long index = from; index < to; index++) {
          long chunkStart = index * Disk.CHUNK_SIZE;
          int sliceFrom = (int) Math.max(0, offset - chunkStart);
          int sliceTo = (int) Math.min(disk.chunkLength(index), end - chunkStart);
          var ref = next < refs.size() && refs.get(next).index() == index ? refs.get(next++) : null;
          reader.add(ref, sliceFrom, sliceTo);
        }
      }
      reader.drain();
    }
  }

  /** See {@link DiskService#openChunk}. */
  byte[] openChunk(ChunkRef ref) {
    var plain = cipher.open(keys.get(ref.dataKeyId()), ref.blobId(), blobs.get(ref.blobId()));
    if (plain.length != ref.length()) {
      throw new DiskCorruptedException(
          "blob " + ref.blobId() + " holds " + plain.length + " bytes, expected " + ref.length());
    }
    return plain;
  }

  /**
   * Opens the chunk into {@code buffer} (a chunk buffer of the budget): its plaintext at {@link
   * BlobCipher#HEADER}.
   */
  byte[] openInto(ChunkRef ref, byte[] key, byte[] buffer) {
    return open(ref, key, buffer);
  }

  private byte[] open(ChunkRef ref, byte[] key, byte[] buffer) {
    int sealed = blobs.read(ref.blobId(), buffer);
    int plain = cipher.openInPlace(key, ref.blobId(), buffer, sealed);
    if (plain != ref.length()) {
      throw new DiskCorruptedException(
          "blob " + ref.blobId() + " holds " + plain + " bytes, expected " + ref.length());
    }
    return buffer;
  }

  /**
   * A read's chunks in order: present chunks are read and opened by the workers up to {@link
   * DiskResources#prefetch} ahead of the one being sent, so that the blob reads and the decryption
   * overlap with the caller's writes to {@code out}.
   */
  private final class Prefetcher implements AutoCloseable {
    private final OutputStream out;
    private final ArrayDeque<Slice> queue = new ArrayDeque<>();
    private int opening;
    private int held;

    private record Slice(ChunkRef ref, int from, int to, CompletableFuture<byte[]> plain) {}

    Prefetcher(OutputStream out) {
      this.out = out;
    }

    void add(ChunkRef ref, int from, int to) throws IOException {
      if (ref == null) {
        if (queue.isEmpty()) {
          out.write(ChunkBytes.ZEROS, 0, to - from);
        } else {
          queue.add(new Slice(null, from, to, null));
        }
        return;
      }
      while (opening >= resources.prefetch
          || !queue.isEmpty() && !resources.buffers.reads.tryAcquire()) {
        sendFirst();
      }
      if (queue.isEmpty() && opening == 0) {
        // holding no permit, so waiting cannot close a circle with other readers
        // the answer has begun: waiting longer beats cutting it ({@link
        // DiskService#awaitReadBuffer}
        // turned the caller away before it began, if the budget was spent)
        resources.buffers.reads.acquireUninterruptibly();
      }
      held++;
      var buffer = resources.buffers.array();
      var key = keys.get(ref.dataKeyId());
      queue.add(
          new Slice(
              ref,
              from,
              to,
              CompletableFuture.supplyAsync(() -> open(ref, key, buffer), resources.workers)));
      opening++;
    }

    void drain() throws IOException {
      while (!queue.isEmpty()) {
        sendFirst();
      }
    }

    private void sendFirst() throws IOException {
      var slice = queue.poll();
      if (slice.plain() == null) {
        out.write(ChunkBytes.ZEROS, 0, slice.to() - slice.from());
        return;
      }
      opening--;
      byte[] plain;
      try {
        plain = slice.plain().join();
      } catch (CompletionException e) {
        releaseOne();
        throw Futures.rethrow(e.getCause());
      }
      try {
        ChunkBytes.writeSliced(
            out, plain, BlobCipher.HEADER + slice.from(), BlobCipher.HEADER + slice.to());
      } finally {
        resources.buffers.recycle(plain);
        releaseOne();
      }
    }

    private void releaseOne() {
      held--;
      resources.buffers.reads.release();
    }

    @Override
    public void close() {
      for (var slice : queue) {
        if (slice.plain() != null) {
          slice.plain().handle((r, e) -> null).join();
        }
      }
      queue.clear();
      resources.buffers.reads.release(held);
      held = 0;
    }
  }

  /** The checksum of a disk whose present chunks are {@code chunks}, ascending: see DiskService. */
  static String checksum(List<ChunkRef> chunks) {
    var digest = ChunkBytes.sha256();
    var index = new byte[8];
    for (var ref : chunks) {
      for (int i = 0; i < 8; i++) {
        index[i] = (byte) (ref.index() >>> (56 - 8 * i));
      }
      digest.update(index);
      digest.update(HexFormat.of().parseHex(ref.sha256()));
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
