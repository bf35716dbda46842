package io.imprint.core.app.disk;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.disk.ChunkRef;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.port.BlobStore;
import io.imprint.core.port.Store;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The write path of {@link DiskService}: turns a byte range or a producer's chunks into whole
 * chunks for a {@link ChunkWriter}, merging a partly written chunk with what it held, and then
 * unmaps what the new content no longer covers. The caller holds the disk's writer lock.
 */
final class DiskWriter {
  private final Store store;
  private final BlobStore blobs;
  private final BlobCipher cipher;
  private final DataKeys keys;
  private final DiskResources resources;
  private final Deployment deployment;
  private final DiskReader reader;

  DiskWriter(
      Store store,
      BlobStore blobs,
      BlobCipher cipher,
      DataKeys keys,
      DiskResources resources,
      Deployment deployment,
      DiskReader reader) {
    this.store = store;
    this.blobs = blobs;
    this.cipher = cipher;
    this.keys = keys;
    this.resources = resources;
    this.deployment = deployment;
    this.reader = reader;
  }

  /** See {@link DiskService#write}. */
  void write(Disk disk, long offset, long length, InputStream in, boolean replace)
      throws IOException {
    if (offset < 0
        || length < 0
        || offset + length > disk.capacityBytes()
        || (replace && offset != 0)) {
      throw new IllegalArgumentException("write outside the disk");
    }
    var existing = existingChunks(disk.id());
    long pos = offset;
    long end = offset + length;
    try (var writer = chunkWriter(disk)) {
      int at = ChunkWriter.offset();
      while (pos < end) {
        long index = pos / Disk.CHUNK_SIZE;
        int inChunk = (int) (pos % Disk.CHUNK_SIZE);
        int chunkLength = disk.chunkLength(index);
        int want = (int) Math.min(chunkLength - inChunk, end - pos);
        boolean whole = inChunk == 0 && want == chunkLength;
        var current = existing.get(index);
        var buffer = writer.buffer();
        if (whole) {
          // every byte is about to be overwritten
        } else if (replace || current == null) {
          System.arraycopy(ChunkBytes.ZEROS, 0, buffer, at, chunkLength);
        } else {
          System.arraycopy(reader.openChunk(current), 0, buffer, at, chunkLength);
        }
        int got = ChunkBytes.readSliced(in, buffer, at + inChunk, want);
        if (got < want) {
          throw new IOException(
              "the content ended after " + (pos - offset + got) + " of " + length + " bytes");
        }
        writer.submit(index, buffer, chunkLength, current);
        pos += want;
      }
      writer.finish();
    }
    if (replace) {
      long firstAfter = (end + Disk.CHUNK_SIZE - 1) / Disk.CHUNK_SIZE;
      store.write(
          tx -> {
            tx.disks().clearChunksFrom(disk.id(), firstAfter);
            return null;
          });
    }
  }

  /** See {@link DiskService#writeChunks}. */
  void writeChunks(Disk disk, ChunkProducer producer) throws IOException {
    var existing = existingChunks(disk.id());
    var written = new TreeSet<Long>();
    try (var writer = chunkWriter(disk)) {
      producer.produce(
          (index, data) -> {
            if (index < 0 || index >= disk.chunkCount()) {
              throw new IllegalArgumentException("chunk " + index + " is outside the disk");
            }
            int chunkLength = disk.chunkLength(index);
            // the producer reuses its array as soon as this returns
            var buffer = writer.buffer();
            System.arraycopy(data, 0, buffer, ChunkWriter.offset(), chunkLength);
            writer.submit(index, buffer, chunkLength, existing.get(index));
            written.add(index);
          });
      writer.finish();
    }
    var stale = existing.keySet().stream().filter(i -> !written.contains(i)).toList();
    if (!stale.isEmpty()) {
      store.write(
          tx -> {
            stale.forEach(i -> tx.disks().clearChunk(disk.id(), i));
            return null;
          });
    }
  }

  /** See {@link DiskService#reencrypt}. */
  long reencrypt(Disk disk, ByteProgress progress) throws IOException {
    var refs = store.read(tx -> tx.disks().chunks(disk.id(), 0, Long.MAX_VALUE));
    long total = 0;
    long done = 0;
    var todo = new ArrayList<ChunkRef>();
    for (var ref : refs) {
      total += ref.length();
      if (ref.dataKeyId().equals(disk.dataKeyId())) {
        done += ref.length();
      } else {
        todo.add(ref);
      }
    }
    progress.report(done, total);
    // a chunk is opened straight into a write buffer, so the chunks opened ahead of the writer hold
    // write buffers too: as many as a read opens ahead, which leaves the writer its own
    int window = resources.prefetch;
    var opening = new ArrayDeque<Opening>();
    long sealed = 0;
    long reported = 0;
    try (var writer = chunkWriter(disk)) {
      for (var ref : todo) {
        if (opening.size() >= window) {
          sealed += submitFirst(writer, opening);
          if (sealed - reported >= REPORT_EVERY) {
            progress.report(done + sealed, total);
            reported = sealed;
          }
        }
        var buffer = writer.buffer();
        var key = keys.get(ref.dataKeyId());
        opening.add(
            new Opening(
                ref,
                buffer,
                CompletableFuture.supplyAsync(
                    () -> reader.openInto(ref, key, buffer), resources.workers)));
      }
      while (!opening.isEmpty()) {
        sealed += submitFirst(writer, opening);
      }
      writer.finish();
    } finally {
      // buffers opened but never handed to the writer: their permits go back with the writer's
      for (var left : opening) {
        left.plain().handle((r, e) -> null).join();
      }
    }
    progress.report(total, total);
    return sealed;
  }

  /**
   * Progress is a transaction (the job's heartbeat), so it is reported every 32 MiB rather than per
   * chunk.
   */
  private static final long REPORT_EVERY = 32L << 20;

  private record Opening(ChunkRef ref, byte[] buffer, CompletableFuture<byte[]> plain) {}

  private static long submitFirst(ChunkWriter writer, ArrayDeque<Opening> opening)
      throws IOException {
    var first = opening.poll();
    try {
      first.plain().join();
    } catch (CompletionException e) {
      throw Futures.rethrow(e.getCause());
    }
    var ref = first.ref();
    // the plaintext is the chunk's as mapped (AES-GCM authenticated it), so its digest is too
    writer.submitKnown(ref.index(), first.buffer(), ref.length(), ref.sha256());
    return ref.length();
  }

  private ChunkWriter chunkWriter(Disk disk) {
    return new ChunkWriter(
        store, blobs, cipher, resources, disk, keys.get(disk.dataKeyId()), deployment);
  }

  private Map<Long, ChunkRef> existingChunks(String diskId) {
    var map = new HashMap<Long, ChunkRef>();
    store
        .read(tx -> tx.disks().chunks(diskId, 0, Long.MAX_VALUE))
        .forEach(ref -> map.put(ref.index(), ref));
    return map;
  }
}
