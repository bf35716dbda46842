package io.imprint.core.app.disk;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.disk.ChunkRef;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.disk.DiskCorruptedException;
import io.imprint.core.port.BlobStore;
import io.imprint.core.port.KeyWrapper;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The data plane: disks as chunk maps over sealed, reference-counted blobs.
 *
 * <p>Writing a chunk is three steps, so that a crash at any point leaves nothing the next start
 * cannot clean: (1) a transaction reserves the blob id ({@code pending}); (2) the sealed bytes go
 * to the blob store; (3) a transaction maps the chunk to the blob, which becomes live, and the blob
 * it replaces loses a reference. No transaction is held while bytes move. Steps (1) and (3) are
 * taken for a batch of chunks at once, and the blobs of a batch are made durable together before
 * (3): see {@link ChunkWriter}. A blob is deleted only when no chunk refers to it, file first and
 * row second; {@link #recover} at start removes reserved-but-unmapped blobs, unreferenced blobs,
 * and files no row knows.
 *
 * <p>An all-zero chunk is never stored: writing zeros unmaps the chunk. So a disk's chunk map is a
 * function of its content, and so is its checksum ({@link #checksum}). Writers of one disk are
 * serialised on this node.
 *
 * <p>This class holds the disks' metadata operations and the writer locks; the read path is {@link
 * DiskReader}, the write path {@link DiskWriter}, the removal of blobs {@link BlobSweeper}, and the
 * threads and buffers they share {@link DiskResources}.
 */
public final class DiskService {
  private final Store store;
  private final KeyWrapper wrapper;
  private final Deployment deployment;
  private final BlobCipher cipher = new BlobCipher();
  private final DataKeys keys;
  private final DiskReader reader;
  private final DiskWriter writer;
  private final BlobSweeper sweeper;
  private final Map<String, ReentrantLock> writers = new ConcurrentHashMap<>();
  private final BufferBudget buffers;
  private final DiskKeys diskKeys;

  /** How long a request waits for a chunk buffer before it is refused with 503, by default. */
  public static final Duration DEFAULT_BUFFER_WAIT = Duration.ofSeconds(30);

  /**
   * Chunk buffers take at most a third of the heap: in bin/imprint's 128 MiB that is 6 write and 3
   * read buffers, and a bench JVM of 1 GiB gets the full pipeline. The rest of a small heap is
   * plenty: requests and parsed records need about 30 MB under 16 clients.
   */
  public static long bufferBytesOfHeap() {
    return Runtime.getRuntime().maxMemory() / 3;
  }

  public DiskService(Store store, BlobStore blobs, KeyWrapper wrapper, Deployment deployment) {
    this(store, blobs, wrapper, deployment, bufferBytesOfHeap(), DEFAULT_BUFFER_WAIT);
  }

  /**
   * With at most {@code bufferBytes} of chunk buffers in flight, two thirds of them for writes; a
   * request that cannot get a buffer within {@code bufferWait} is refused with 503.
   */
  public DiskService(
      Store store,
      BlobStore blobs,
      KeyWrapper wrapper,
      Deployment deployment,
      long bufferBytes,
      Duration bufferWait) {
    this.store = store;
    this.wrapper = wrapper;
    this.deployment = deployment;
    var resources = new DiskResources(bufferBytes, bufferWait);
    this.buffers = resources.buffers;
    this.keys = new DataKeys(store, wrapper);
    this.diskKeys = new DiskKeys(wrapper, deployment, keys);
    this.reader = new DiskReader(store, blobs, cipher, keys, resources);
    this.writer = new DiskWriter(store, blobs, cipher, keys, resources, deployment, reader);
    this.sweeper = new BlobSweeper(store, blobs, deployment);
  }

  /**
   * Gets the JIT to compile AES-GCM and SHA-256 for chunk-sized calls, once per JVM; see {@link
   * CipherWarmUp}.
   */
  public void warmUp() {
    CipherWarmUp.run(cipher);
  }

  /** How the disks' data keys are protected: the master key, or customer root keys. */
  public DiskKeys keys() {
    return diskKeys;
  }

  /** An empty disk (all zeros) with a fresh data key; runs inside the caller's transaction. */
  public Disk createDisk(Tx tx, String diskId, long capacityBytes) {
    return createDisk(tx, diskId, capacityBytes, Protection.PROVIDER);
  }

  /**
   * An empty disk with a fresh data key wrapped as {@code protection} says, registered with its
   * customer root key if it has one; runs inside the caller's transaction.
   */
  public Disk createDisk(Tx tx, String diskId, long capacityBytes, Protection protection) {
    var key = diskKeys.newDataKey(tx, protection);
    var disk = new Disk(diskId, capacityBytes, key.id(), deployment.now());
    tx.disks().insertDisk(disk);
    return disk;
  }

  /**
   * A new disk sharing every chunk of {@code sourceId} (copy-on-write): the cost is one row per
   * written chunk, not the capacity. {@code capacityBytes} may exceed the source's; the extra space
   * reads as zeros. It shares the source's data key too.
   */
  public Disk cloneDisk(Tx tx, String sourceId, String targetId, long capacityBytes) {
    var source = requireDisk(tx, sourceId);
    return clone(tx, source, targetId, capacityBytes, source.dataKeyId());
  }

  /**
   * As {@link #cloneDisk(Tx, String, String, long)}, the new disk protected as {@code protection}
   * says: with the root key of the source's data key it shares that data key (nothing is rewrapped,
   * no byte is touched); with another root key it gets a fresh data key under that root key for
   * what is written from now on, while the shared chunks stay sealed as they are until {@link
   * #reencrypt} seals them again.
   */
  public Disk cloneDisk(
      Tx tx, String sourceId, String targetId, long capacityBytes, Protection protection) {
    var source = requireDisk(tx, sourceId);
    var sourceRoot = diskKeys.rootKeyOf(tx, source);
    var wanted = protection.customer() ? protection.rootKeyCrn() : wrapper.rootKey();
    if (sourceRoot.equals(wanted)) {
      diskKeys.register(tx, protection);
      return clone(tx, source, targetId, capacityBytes, source.dataKeyId());
    }
    return clone(tx, source, targetId, capacityBytes, diskKeys.newDataKey(tx, protection).id());
  }

  private Disk clone(Tx tx, Disk source, String targetId, long capacityBytes, String dataKeyId) {
    var target =
        new Disk(
            targetId, Math.max(capacityBytes, source.capacityBytes()), dataKeyId, deployment.now());
    tx.disks().cloneDisk(source.id(), target);
    return target;
  }

  private Disk requireDisk(Tx tx, String diskId) {
    return tx.disks()
        .getDisk(diskId)
        .orElseThrow(() -> new DiskCorruptedException("disk " + diskId + " is missing"));
  }

  /**
   * Seals again, under the disk's own data key, every chunk still sealed under another one (a
   * clone's shared chunks), chunks opened and sealed in parallel within the buffer budget. Each
   * chunk is remapped to its new blob as a normal write, so a run cut short (a crash, a cancel)
   * leaves a disk whose chunks are each under one key or the other and a run again does only what
   * is left. {@code progress} hears bytes done of the bytes to do in all, and may throw to stop.
   *
   * @return the bytes sealed again by this run
   */
  public long reencrypt(String diskId, ByteProgress progress) throws IOException {
    var lock = writers.computeIfAbsent(diskId, k -> new ReentrantLock());
    lock.lock();
    try {
      return writer.reencrypt(getDisk(diskId), progress);
    } finally {
      lock.unlock();
      reclaim();
    }
  }

  /**
   * Drops the disk's chunk map inside the caller's transaction; call {@link #reclaim} after it
   * commits.
   */
  public void deleteDisk(Tx tx, String diskId) {
    tx.disks().deleteDisk(diskId);
  }

  /**
   * As {@link #deleteDisk(Tx, String)}, and the resource is no longer registered with its customer
   * root key.
   */
  public void deleteDisk(Tx tx, String diskId, Protection protection) {
    deleteDisk(tx, diskId);
    diskKeys.unregister(tx, protection);
  }

  public void resize(Tx tx, String diskId, long capacityBytes) {
    tx.disks().updateCapacity(diskId, capacityBytes);
  }

  public Disk getDisk(String diskId) {
    return store
        .read(tx -> tx.disks().getDisk(diskId))
        .orElseThrow(() -> new DiskCorruptedException("disk " + diskId + " is missing"));
  }

  /**
   * Writes {@code length} bytes from {@code in} at {@code offset}. With {@code replace} (offset 0),
   * the disk's content becomes exactly these bytes followed by zeros (a full upload); otherwise the
   * rest of the disk is kept (a ranged write). The caller has checked that the range fits the
   * capacity.
   *
   * @return bytes written
   */
  public long write(String diskId, long offset, long length, InputStream in, boolean replace)
      throws IOException {
    var lock = writers.computeIfAbsent(diskId, k -> new ReentrantLock());
    lock.lock();
    try {
      writer.write(getDisk(diskId), offset, length, in, replace);
      reclaim();
      return length;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes whole chunks handed over by a producer (an image import, a qcow2 upload); see {@link
   * ChunkSink}.
   */
  public void writeChunks(String diskId, ChunkProducer producer) throws IOException {
    var lock = writers.computeIfAbsent(diskId, k -> new ReentrantLock());
    lock.lock();
    try {
      writer.writeChunks(getDisk(diskId), producer);
      reclaim();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Streams {@code length} bytes from {@code offset}; holes are written as zeros without touching
   * the blob store.
   */
  public void read(String diskId, long offset, long length, OutputStream out) throws IOException {
    reader.read(getDisk(diskId), offset, length, out);
  }

  /**
   * Returns once a read could get its chunk buffers, or refuses with 503 after the buffer wait:
   * called before an answer with content begins, which can no longer be refused once it has.
   */
  public void awaitReadBuffer() {
    buffers.awaitRead();
  }

  /** The plaintext of one present chunk, authenticated. */
  public byte[] openChunk(ChunkRef ref) {
    return reader.openChunk(ref);
  }

  /** Present chunks of the disk, ascending. */
  public List<ChunkRef> chunks(String diskId) {
    return store.read(tx -> tx.disks().chunks(diskId, 0, Long.MAX_VALUE));
  }

  /**
   * The disk's checksum: SHA-256 over its manifest, which lists each present (non-zero) chunk in
   * ascending order as its index (8 bytes, big-endian) followed by the SHA-256 of its plaintext (32
   * bytes). docs/disks.md shows how to compute it from the raw content.
   */
  public String checksum(String diskId) {
    return DiskReader.checksum(chunks(diskId));
  }

  /** Bytes of the present chunks: what the disk really stores. */
  public long storedBytes(String diskId) {
    return store.read(tx -> tx.disks().chunkStats(diskId))[1];
  }

  /** Deletes blobs no chunk refers to any more: the file first, then the row. */
  public int reclaim() {
    return sweeper.reclaim();
  }

  /**
   * At start, before anything writes: removes blobs reserved but never mapped (a write cut short by
   * a crash), blobs nothing refers to, and stored blobs without a row (written, then the
   * reservation was lost with the crash).
   */
  public String recover() {
    return sweeper.recover();
  }
}
