package io.imprint.core.app.disk;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.disk.ChunkRef;
import io.imprint.core.domain.disk.DataKey;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.disk.DiskCorruptedException;
import io.imprint.core.port.BlobStore;
import io.imprint.core.port.KeyWrapper;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 */
public final class DiskService {
  private static final Logger log = LoggerFactory.getLogger(DiskService.class);
  private static final byte[] ZEROS = new byte[Disk.CHUNK_SIZE];

  /** At most this many chunks' blobs are published together and then mapped in one transaction. */
  private static final int BATCH = 8;

  /**
   * At most this many chunk buffers for all writes together: two batches and what the workers seal
   * meanwhile.
   */
  private static final int WRITE_BUFFERS = 2 * BATCH + 4;

  /** The most bytes handed to a stream in one call. */
  private static final int IO_SLICE = 64 << 10;

  /** Chunks a read opens ahead of the one it sends, at most. */
  private static final int PREFETCH = 4;

  /** At most this many chunk buffers for all reads together. */
  private static final int READ_BUFFERS = 4 * PREFETCH;

  private static final long BUFFER_BYTES = Disk.CHUNK_SIZE + BlobCipher.OVERHEAD;

  /** For {@link #warmUp}: the small calls, when to stop, and the longest it tries. */
  private static final int WARM_UP_SMALL = 16 << 10;

  private static final int WARM_AGAINST_COPY = 40;
  private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(10);
  private static final AtomicBoolean WARMED_UP = new AtomicBoolean();
  private final Store store;
  private final BlobStore blobs;
  private final KeyWrapper wrapper;
  private final Deployment deployment;
  private final BlobCipher cipher = new BlobCipher();
  private final Map<String, byte[]> dataKeys = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> writers = new ConcurrentHashMap<>();

  /**
   * Permits for chunk buffers in flight, so that the heap stays bounded however many reads and
   * writes run.
   */
  private final Semaphore writeBuffers;

  private final Semaphore readBuffers;
  private final int batch;
  private final int prefetch;

  /** Hashing, sealing and opening: CPU work, one thread per core at most. Idle threads end. */
  private final ExecutorService workers;

  /**
   * Staging sealed blobs: waits for the device, so more threads than cores, bounded by the buffers.
   */
  private final ExecutorService stagers;

  /** One thread per running write, publishing its batches and mapping them. Idle threads end. */
  private final ExecutorService flusher =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("disk-flush-", 0).daemon(true).factory());

  public DiskService(Store store, BlobStore blobs, KeyWrapper wrapper, Deployment deployment) {
    // chunk buffers take at most a quarter of the heap: the server runs in 176 MiB, where this
    // allows 6 write and 3
    // read buffers, and a bench JVM of 1 GiB the full pipeline
    this(store, blobs, wrapper, deployment, Runtime.getRuntime().maxMemory() / 4);
  }

  /** With at most {@code bufferBytes} of chunk buffers in flight, two thirds of them for writes. */
  public DiskService(
      Store store, BlobStore blobs, KeyWrapper wrapper, Deployment deployment, long bufferBytes) {
    this.store = store;
    this.blobs = blobs;
    this.wrapper = wrapper;
    this.deployment = deployment;
    int cores = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 8);
    var pool =
        new ThreadPoolExecutor(
            cores,
            cores,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Thread.ofPlatform().name("disk-worker-", 0).daemon(true).factory());
    pool.allowCoreThreadTimeOut(true);
    this.workers = pool;
    long budget = bufferBytes / BUFFER_BYTES;
    int forWrites = (int) Math.clamp(budget * 2 / 3, 2, WRITE_BUFFERS);
    int forReads = (int) Math.clamp(budget / 3, 1, READ_BUFFERS);
    this.writeBuffers = new Semaphore(forWrites);
    this.readBuffers = new Semaphore(forReads);
    this.batch = Math.clamp(forWrites / 2, 1, BATCH);
    this.prefetch = Math.min(PREFETCH, forReads);
    var io =
        new ThreadPoolExecutor(
            forWrites,
            forWrites,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Thread.ofPlatform().name("disk-stage-", 0).daemon(true).factory());
    io.allowCoreThreadTimeOut(true);
    this.stagers = io;
  }

  /**
   * Gets the JIT to compile AES-GCM and SHA-256 into their CPU intrinsics for chunk-sized calls. A
   * fresh JVM runs them in plain Java, at about 60-90 MB/s for AES-GCM, until C2 compiles their
   * callers, and that waits for thousands of calls: with 4 MiB chunks, the first tens of GB a
   * server reads or writes after each start. Small calls get the callers compiled, but code
   * compiled on small calls only fell back to plain Java on the first 4 MiB one (measured: still
   * 400 MB/s after 20,000 calls of 4 KiB), so rounds of small calls end with one of chunk size,
   * until sealing and opening a chunk costs less than {@link #WARM_AGAINST_COPY} copies of it: a
   * second or two of one core. Once per JVM, as compiled code is.
   */
  public void warmUp() {
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
        exercise(key, small, WARM_UP_SMALL, i);
      }
      long cipherNanos = exercise(key, chunk, Disk.CHUNK_SIZE, 0);
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
  private long exercise(byte[] key, byte[] buffer, int length, int round) {
    buffer[BlobCipher.HEADER] = (byte) round;
    var digest = sha256();
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

  /** An empty disk (all zeros) with a fresh data key; runs inside the caller's transaction. */
  public Disk createDisk(Tx tx, String diskId, long capacityBytes) {
    var dek = new byte[32];
    deployment.random().nextBytes(dek);
    var key =
        new DataKey(
            deployment.ids().uuid(), wrapper.rootKey(), wrapper.wrap(dek), deployment.now());
    tx.disks().insertDataKey(key);
    dataKeys.put(key.id(), dek);
    var disk = new Disk(diskId, capacityBytes, key.id(), deployment.now());
    tx.disks().insertDisk(disk);
    return disk;
  }

  /**
   * A new disk sharing every chunk of {@code sourceId} (copy-on-write): the cost is one row per
   * written chunk, not the capacity. {@code capacityBytes} may exceed the source's; the extra space
   * reads as zeros.
   */
  public Disk cloneDisk(Tx tx, String sourceId, String targetId, long capacityBytes) {
    var source =
        tx.disks()
            .getDisk(sourceId)
            .orElseThrow(() -> new DiskCorruptedException("disk " + sourceId + " is missing"));
    var target =
        new Disk(
            targetId,
            Math.max(capacityBytes, source.capacityBytes()),
            source.dataKeyId(),
            deployment.now());
    tx.disks().cloneDisk(sourceId, target);
    return target;
  }

  /**
   * Drops the disk's chunk map inside the caller's transaction; call {@link #reclaim} after it
   * commits.
   */
  public void deleteDisk(Tx tx, String diskId) {
    tx.disks().deleteDisk(diskId);
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
      var disk = getDisk(diskId);
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
            System.arraycopy(ZEROS, 0, buffer, at, chunkLength);
          } else {
            System.arraycopy(openChunk(current), 0, buffer, at, chunkLength);
          }
          int got = readSliced(in, buffer, at + inChunk, want);
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
      var disk = getDisk(diskId);
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
      reclaim();
    } finally {
      lock.unlock();
    }
  }

  /**
   * A source of whole chunks, each buffer {@link Disk#CHUNK_SIZE} long (zero-padded past the disk's
   * end).
   */
  @FunctionalInterface
  public interface ChunkProducer {
    void produce(ChunkSink sink) throws IOException;
  }

  @FunctionalInterface
  public interface ChunkSink {
    void accept(long index, byte[] data) throws IOException;
  }

  /**
   * Streams {@code length} bytes from {@code offset}; holes are written as zeros without touching
   * the blob store.
   */
  public void read(String diskId, long offset, long length, OutputStream out) throws IOException {
    var disk = getDisk(diskId);
    if (offset < 0 || length < 0 || offset + length > disk.capacityBytes()) {
      throw new IllegalArgumentException("read outside the disk");
    }
    long end = offset + length;
    long first = offset / Disk.CHUNK_SIZE;
    long last = length == 0 ? first - 1 : (end - 1) / Disk.CHUNK_SIZE;
    // chunk refs are fetched in windows so that a 100 GB read never holds 25,600 refs at once
    final long window = 1024;
    try (var reader = new Prefetcher(out)) {
      for (long from = first; from <= last; from += window) {
        final long windowStart = from;
        final long to = Math.min(last + 1, from + window);
        var refs = store.read(tx -> tx.disks().chunks(diskId, windowStart, to));
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

  /**
   * A read's chunks in order: present chunks are read and opened by the workers up to {@link
   * #PREFETCH} ahead of the one being sent (fewer in a small heap), so that the blob reads and the
   * decryption overlap with the caller's writes to {@code out}.
   */
  private final class Prefetcher implements AutoCloseable {
    private final OutputStream out;
    private final ArrayDeque<Slice> queue = new ArrayDeque<>();
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private int opening;
    private int held;

    private record Slice(ChunkRef ref, int from, int to, CompletableFuture<byte[]> plain) {}

    Prefetcher(OutputStream out) {
      this.out = out;
    }

    void add(ChunkRef ref, int from, int to) throws IOException {
      if (ref == null) {
        if (queue.isEmpty()) {
          out.write(ZEROS, 0, to - from);
        } else {
          queue.add(new Slice(null, from, to, null));
        }
        return;
      }
      while (opening >= prefetch || !queue.isEmpty() && !readBuffers.tryAcquire()) {
        sendFirst();
      }
      if (queue.isEmpty() && opening == 0) {
        // holding no permit, so waiting cannot close a circle with other readers
        readBuffers.acquireUninterruptibly();
      }
      held++;
      var buffer = free.isEmpty() ? new byte[Disk.CHUNK_SIZE + BlobCipher.OVERHEAD] : free.pop();
      var key = dataKey(ref.dataKeyId());
      queue.add(
          new Slice(
              ref, from, to, CompletableFuture.supplyAsync(() -> open(ref, key, buffer), workers)));
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
        out.write(ZEROS, 0, slice.to() - slice.from());
        return;
      }
      opening--;
      byte[] plain;
      try {
        plain = slice.plain().join();
      } catch (CompletionException e) {
        releaseOne();
        throw ChunkWriter.rethrow(e.getCause());
      }
      try {
        int at = BlobCipher.HEADER + slice.from();
        int end = BlobCipher.HEADER + slice.to();
        // in slices: a stream over a file copies each write through a native buffer of the write's
        // size, which
        // for 4 MiB costs several times the copy itself; 256 KiB slices took less CPU alone but
        // made the read to a
        // file slower end to end (61-73 % of cp against 66-85 % for 64 KiB, 4 alternating pairs on
        // 2026-12-05)
        for (int n; at < end; at += n) {
          n = Math.min(IO_SLICE, end - at);
          out.write(plain, at, n);
        }
      } finally {
        free.push(plain);
        releaseOne();
      }
    }

    private void releaseOne() {
      held--;
      readBuffers.release();
    }

    @Override
    public void close() {
      for (var slice : queue) {
        if (slice.plain() != null) {
          slice.plain().handle((r, e) -> null).join();
        }
      }
      queue.clear();
      readBuffers.release(held);
      held = 0;
    }
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

  /** The plaintext of one present chunk, authenticated. */
  public byte[] openChunk(ChunkRef ref) {
    var plain = cipher.open(dataKey(ref.dataKeyId()), ref.blobId(), blobs.get(ref.blobId()));
    if (plain.length != ref.length()) {
      throw new DiskCorruptedException(
          "blob " + ref.blobId() + " holds " + plain.length + " bytes, expected " + ref.length());
    }
    return plain;
  }

  /** Present chunks of the disk, ascending. */
  public List<ChunkRef> chunks(String diskId) {
    return store.read(tx -> tx.disks().chunks(diskId, 0, Long.MAX_VALUE));
  }

  /**
   * The disk's checksum: SHA-256 over its manifest, which lists each present (non-zero) chunk in
   * ascending order as its index (8 bytes, big-endian) followed by the SHA-256 of its plaintext (32
   * bytes). The README shows how to compute it from the raw content.
   */
  public String checksum(String diskId) {
    var digest = sha256();
    var index = new byte[8];
    for (var ref : chunks(diskId)) {
      for (int i = 0; i < 8; i++) {
        index[i] = (byte) (ref.index() >>> (56 - 8 * i));
      }
      digest.update(index);
      digest.update(HexFormat.of().parseHex(ref.sha256()));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Bytes of the present chunks: what the disk really stores. */
  public long storedBytes(String diskId) {
    return store.read(tx -> tx.disks().chunkStats(diskId))[1];
  }

  /** Deletes blobs no chunk refers to any more: the file first, then the row. */
  public int reclaim() {
    int total = 0;
    while (true) {
      var ids = store.read(tx -> tx.disks().unreferencedBlobs(500));
      if (ids.isEmpty()) {
        return total;
      }
      ids.forEach(blobs::delete);
      store.write(
          tx -> {
            tx.disks().deleteBlobs(ids);
            return null;
          });
      total += ids.size();
    }
  }

  /**
   * At start, before anything writes: removes blobs reserved but never mapped (a write cut short by
   * a crash), blobs nothing refers to, and stored blobs without a row (written, then the
   * reservation was lost with the crash).
   */
  public String recover() {
    var startedAt = deployment.now().plusMillis(1);
    int pending = 0;
    while (true) {
      var ids = store.read(tx -> tx.disks().pendingBlobs(startedAt, 500));
      if (ids.isEmpty()) {
        break;
      }
      ids.forEach(blobs::delete);
      store.write(
          tx -> {
            tx.disks().deleteBlobs(ids);
            return null;
          });
      pending += ids.size();
    }
    int unreferenced = reclaim();
    var orphans = new ArrayList<String>();
    var batch = new ArrayList<String>();
    blobs.forEachId(
        id -> {
          batch.add(id);
          if (batch.size() == 500) {
            orphans.addAll(unknown(batch));
            batch.clear();
          }
        });
    orphans.addAll(unknown(batch));
    orphans.forEach(blobs::delete);
    var summary =
        pending
            + " unfinished, "
            + unreferenced
            + " unreferenced and "
            + orphans.size()
            + " orphan blob(s) removed";
    if (pending + unreferenced + orphans.size() > 0) {
      log.info("disk recovery: {}", summary);
    }
    return summary;
  }

  private List<String> unknown(List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    var known = store.read(tx -> tx.disks().knownBlobs(ids));
    return ids.stream().filter(id -> !known.contains(id)).toList();
  }

  /**
   * As {@link InputStream#readNBytes(byte[], int, int)}, in slices, for the reason {@link
   * Prefetcher} writes in slices.
   */
  private static int readSliced(InputStream in, byte[] buffer, int offset, int length)
      throws IOException {
    int done = 0;
    while (done < length) {
      int n = in.read(buffer, offset + done, Math.min(IO_SLICE, length - done));
      if (n < 0) {
        break;
      }
      done += n;
    }
    return done;
  }

  private ChunkWriter chunkWriter(Disk disk) {
    var ids =
        new ChunkWriter.IdSource() {
          @Override
          public String newId() {
            return deployment.ids().uuid();
          }

          @Override
          public Instant now() {
            return deployment.now();
          }
        };
    return new ChunkWriter(
        store,
        blobs,
        cipher,
        workers,
        stagers,
        flusher,
        writeBuffers,
        batch,
        disk,
        dataKey(disk.dataKeyId()),
        ids);
  }

  private Map<Long, ChunkRef> existingChunks(String diskId) {
    var map = new HashMap<Long, ChunkRef>();
    chunks(diskId).forEach(ref -> map.put(ref.index(), ref));
    return map;
  }

  private byte[] dataKey(String id) {
    return dataKeys.computeIfAbsent(
        id,
        k -> {
          var key =
              store
                  .read(tx -> tx.disks().getDataKey(k))
                  .orElseThrow(() -> new DiskCorruptedException("data key " + k + " is missing"));
          return wrapper.unwrap(key.wrapped());
        });
  }

  static boolean isZero(byte[] data, int offset, int length) {
    return Arrays.mismatch(data, offset, offset + length, ZEROS, 0, length) < 0;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
