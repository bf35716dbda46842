package io.imprint.core.app.disk.qcow2;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SortedSet;

/**
 * Streams a disk as a qcow2 version 3 image (64 KiB clusters, 16-bit refcounts) for downloads. The
 * whole layout is derived from the virtual size and the set of present chunks before a byte is
 * written, so the exact length is known up front (for Content-Length) and the stream goes out once,
 * front to back, without seeking or buffering the disk:
 *
 * <pre>
 *   header cluster | L1 table | refcount table | refcount blocks | L2 tables | data clusters
 * </pre>
 *
 * Every cluster of a present chunk is written as data, zero or not, because which clusters are zero
 * is only known once the chunk is read, and that is after the L2 tables have gone out. Every
 * cluster of the file has refcount 1.
 */
public final class Qcow2Writer {
  private static final int CLUSTER_BITS = 16;
  private static final int CLUSTER_SIZE = 1 << CLUSTER_BITS;
  // L1, L2 and refcount tables all hold 8-byte entries
  private static final int ENTRIES_PER_TABLE_CLUSTER = CLUSTER_SIZE / 8;
  private static final int L2_ENTRIES = ENTRIES_PER_TABLE_CLUSTER;
  private static final int L2_BITS = CLUSTER_BITS - 3;
  private static final int REFCOUNT_ORDER = 4;
  private static final int REFCOUNTS_PER_BLOCK = CLUSTER_SIZE * 8 / (1 << REFCOUNT_ORDER);
  private static final int HEADER_LENGTH = 104;
  // qemu refuses to open an image whose active L1 table is larger than 32 MiB
  private static final long MAX_L1_ENTRIES = (32L << 20) / 8;

  /**
   * Set on L1 and L2 entries whose cluster has refcount exactly 1, as all of ours do; qemu-img
   * check demands it.
   */
  private static final long COPIED = 1L << 63;

  private Qcow2Writer() {}

  /**
   * Exact byte size of the qcow2 stream {@link #write} produces, so the server can send
   * Content-Length first.
   */
  public static long size(long virtualSize, int chunkSize, SortedSet<Long> chunkIndexes) {
    return Layout.of(virtualSize, chunkSize, chunkIndexes).totalClusters() * CLUSTER_SIZE;
  }

  /**
   * Streams a valid qcow2 v3 image of a disk of {@code virtualSize} bytes whose present chunks are
   * {@code chunkIndexes}; each chunk's bytes come from {@code source}. A chunk's array may be
   * shorter than the chunk (the rest reads as zeros) or run past the end of the disk (the excess is
   * dropped), but not be longer than {@code chunkSize}. {@code out} is neither closed nor buffered
   * here.
   */
  public static void write(
      OutputStream out,
      long virtualSize,
      int chunkSize,
      SortedSet<Long> chunkIndexes,
      ChunkSource source)
      throws IOException {
    var layout = Layout.of(virtualSize, chunkSize, chunkIndexes);
    var counted = new CountingOutput(out);
    var cluster = new byte[CLUSTER_SIZE];
    writeHeader(counted, cluster, layout);
    writeL1(counted, cluster, layout);
    writeRefcounts(counted, cluster, layout);
    writeL2Tables(counted, cluster, layout);
    writeData(counted, layout, source);
    if (counted.count != layout.totalClusters() * CLUSTER_SIZE) {
      // the caller has promised size() to the client already; a mismatch is a bug here, never the
      // data's fault
      throw new IllegalStateException(
          "qcow2 writer produced "
              + counted.count
              + " bytes, planned "
              + layout.totalClusters() * CLUSTER_SIZE);
    }
  }

  private static void writeHeader(CountingOutput out, byte[] cluster, Layout layout)
      throws IOException {
    Arrays.fill(cluster, (byte) 0);
    var header = ByteBuffer.wrap(cluster);
    header.putInt(0, Qcow2Reader.MAGIC);
    header.putInt(4, 3);
    header.putInt(20, CLUSTER_BITS);
    header.putLong(24, layout.virtualSize);
    header.putInt(36, (int) layout.l1Entries);
    // qemu writes 0 for an empty L1 table too, and checks the offset only when there are entries
    header.putLong(40, layout.l1Entries == 0 ? 0 : layout.l1Offset());
    header.putLong(48, layout.refcountTableOffset());
    header.putInt(56, (int) layout.refcountTableClusters);
    header.putInt(96, REFCOUNT_ORDER);
    header.putInt(100, HEADER_LENGTH);
    // bytes 104..111 stay zero: the end-of-extensions marker right after the header
    out.write(cluster);
  }

  private static void writeL1(CountingOutput out, byte[] cluster, Layout layout)
      throws IOException {
    var entries = ByteBuffer.wrap(cluster);
    var tables = new L2TableCursor(layout);
    long rank = 0;
    long nextTable = tables.next();
    for (long c = 0; c < layout.l1Clusters; c++) {
      Arrays.fill(cluster, (byte) 0);
      long firstIndex = c * ENTRIES_PER_TABLE_CLUSTER;
      while (nextTable >= 0 && nextTable < firstIndex + ENTRIES_PER_TABLE_CLUSTER) {
        entries.putLong(
            (int) (nextTable - firstIndex) * 8, (layout.l2Offset() + rank * CLUSTER_SIZE) | COPIED);
        rank++;
        nextTable = tables.next();
      }
      out.write(cluster);
    }
  }

  private static void writeRefcounts(CountingOutput out, byte[] cluster, Layout layout)
      throws IOException {
    var entries = ByteBuffer.wrap(cluster);
    for (long c = 0; c < layout.refcountTableClusters; c++) {
      Arrays.fill(cluster, (byte) 0);
      for (int i = 0; i < ENTRIES_PER_TABLE_CLUSTER; i++) {
        long block = c * ENTRIES_PER_TABLE_CLUSTER + i;
        if (block >= layout.refcountBlocks) {
          break;
        }
        entries.putLong(i * 8, layout.refcountBlocksOffset() + block * CLUSTER_SIZE);
      }
      out.write(cluster);
    }
    long total = layout.totalClusters();
    for (long b = 0; b < layout.refcountBlocks; b++) {
      Arrays.fill(cluster, (byte) 0);
      long firstCluster = b * REFCOUNTS_PER_BLOCK;
      int used = (int) Math.min(REFCOUNTS_PER_BLOCK, total - firstCluster);
      for (int i = 0; i < used; i++) {
        entries.putShort(i * 2, (short) 1);
      }
      out.write(cluster);
    }
  }

  private static void writeL2Tables(CountingOutput out, byte[] cluster, Layout layout)
      throws IOException {
    var entries = ByteBuffer.wrap(cluster);
    long current = -1;
    long dataIndex = 0;
    for (long chunk : layout.chunkIndexes) {
      long firstCluster = chunk * (layout.chunkSize / CLUSTER_SIZE);
      long clusters = layout.clustersOf(chunk);
      for (long k = 0; k < clusters; k++) {
        long guestCluster = firstCluster + k;
        long table = guestCluster >>> L2_BITS;
        if (table != current) {
          if (current >= 0) {
            out.write(cluster);
          }
          Arrays.fill(cluster, (byte) 0);
          current = table;
        }
        int slot = (int) (guestCluster & (L2_ENTRIES - 1));
        entries.putLong(slot * 8, (layout.dataOffset() + dataIndex * CLUSTER_SIZE) | COPIED);
        dataIndex++;
      }
    }
    if (current >= 0) {
      out.write(cluster);
    }
  }

  private static void writeData(CountingOutput out, Layout layout, ChunkSource source)
      throws IOException {
    var zeros = new byte[CLUSTER_SIZE];
    for (long chunk : layout.chunkIndexes) {
      byte[] data = source.read(chunk);
      if (data == null) {
        throw new IOException("chunk " + chunk + " could not be read");
      }
      if (data.length > layout.chunkSize) {
        throw new IOException(
            "chunk "
                + chunk
                + " has "
                + data.length
                + " bytes, more than the chunk size "
                + layout.chunkSize);
      }
      int length = layout.lengthOf(chunk);
      int fromData = Math.min(data.length, length);
      out.write(data, 0, fromData);
      // pads a short array and the last cluster of the disk to whole clusters
      long padding = layout.clustersOf(chunk) * CLUSTER_SIZE - fromData;
      while (padding > 0) {
        int n = (int) Math.min(padding, CLUSTER_SIZE);
        out.write(zeros, 0, n);
        padding -= n;
      }
    }
  }

  /** Where everything goes, in clusters, computed from the chunk set alone. */
  private static final class Layout {
    final long virtualSize;
    final int chunkSize;
    final SortedSet<Long> chunkIndexes;
    final long l1Entries;
    final long l1Clusters;
    final long l2Tables;
    final long dataClusters;
    long refcountTableClusters;
    long refcountBlocks;

    private Layout(long virtualSize, int chunkSize, SortedSet<Long> chunkIndexes) {
      this.virtualSize = virtualSize;
      this.chunkSize = chunkSize;
      this.chunkIndexes = chunkIndexes;
      long chunkCount = (virtualSize + chunkSize - 1) / chunkSize;
      long data = 0;
      for (long chunk : chunkIndexes) {
        if (chunk < 0 || chunk >= chunkCount) {
          throw new IllegalArgumentException(
              "chunk " + chunk + " is outside a disk of " + virtualSize + " bytes");
        }
        data += clustersOf(chunk);
      }
      this.dataClusters = data;
      long tables = 0;
      var cursor = new L2TableCursor(this);
      while (cursor.next() >= 0) {
        tables++;
      }
      this.l2Tables = tables;
      long bytesPerL1Entry = (long) CLUSTER_SIZE * L2_ENTRIES;
      this.l1Entries = (virtualSize + bytesPerL1Entry - 1) / bytesPerL1Entry;
      this.l1Clusters = (l1Entries * 8 + CLUSTER_SIZE - 1) / CLUSTER_SIZE;
      // the refcount structures count themselves, so grow them until they cover everything
      // including themselves
      long tableClusters = 1;
      long blocks = 1;
      while (true) {
        long total = 1 + l1Clusters + tableClusters + blocks + l2Tables + dataClusters;
        long needBlocks = (total + REFCOUNTS_PER_BLOCK - 1) / REFCOUNTS_PER_BLOCK;
        long needTableClusters = Math.max(1, (needBlocks * 8 + CLUSTER_SIZE - 1) / CLUSTER_SIZE);
        if (needBlocks <= blocks && needTableClusters <= tableClusters) {
          break;
        }
        blocks = Math.max(blocks, needBlocks);
        tableClusters = Math.max(tableClusters, needTableClusters);
      }
      this.refcountBlocks = blocks;
      this.refcountTableClusters = tableClusters;
    }

    static Layout of(long virtualSize, int chunkSize, SortedSet<Long> chunkIndexes) {
      if (virtualSize < 0) {
        throw new IllegalArgumentException("virtual size " + virtualSize + " is negative");
      }
      if (chunkSize <= 0 || chunkSize % CLUSTER_SIZE != 0) {
        throw new IllegalArgumentException(
            "chunk size " + chunkSize + " is not a positive multiple of " + CLUSTER_SIZE);
      }
      if (virtualSize > MAX_L1_ENTRIES * CLUSTER_SIZE * L2_ENTRIES) {
        throw new IllegalArgumentException(
            "virtual size "
                + virtualSize
                + " is too large for a qcow2 image with "
                + CLUSTER_SIZE
                + "-byte clusters");
      }
      return new Layout(virtualSize, chunkSize, chunkIndexes);
    }

    int lengthOf(long chunk) {
      return (int) Math.min(chunkSize, virtualSize - chunk * chunkSize);
    }

    long clustersOf(long chunk) {
      return (lengthOf(chunk) + CLUSTER_SIZE - 1) / CLUSTER_SIZE;
    }

    long l1Offset() {
      return CLUSTER_SIZE;
    }

    long refcountTableOffset() {
      return (1 + l1Clusters) * CLUSTER_SIZE;
    }

    long refcountBlocksOffset() {
      return refcountTableOffset() + refcountTableClusters * CLUSTER_SIZE;
    }

    long l2Offset() {
      return refcountBlocksOffset() + refcountBlocks * CLUSTER_SIZE;
    }

    long dataOffset() {
      return l2Offset() + l2Tables * CLUSTER_SIZE;
    }

    long totalClusters() {
      return 1 + l1Clusters + refcountTableClusters + refcountBlocks + l2Tables + dataClusters;
    }
  }

  /** The L1 indexes that get an L2 table, ascending and each once; -1 when there are no more. */
  private static final class L2TableCursor {
    private final Layout layout;
    private final Iterator<Long> chunks;
    private long pendingFirst = -1;
    private long pendingLast = -1;
    private long last = -1;

    L2TableCursor(Layout layout) {
      this.layout = layout;
      this.chunks = layout.chunkIndexes.iterator();
    }

    long next() {
      while (true) {
        if (pendingFirst >= 0 && pendingFirst <= pendingLast) {
          long table = pendingFirst++;
          if (table > last) {
            last = table;
            return table;
          }
          continue;
        }
        if (!chunks.hasNext()) {
          return -1;
        }
        long chunk = chunks.next();
        long firstCluster = chunk * (layout.chunkSize / CLUSTER_SIZE);
        pendingFirst = firstCluster >>> L2_BITS;
        pendingLast = (firstCluster + layout.clustersOf(chunk) - 1) >>> L2_BITS;
      }
    }
  }

  private static final class CountingOutput {
    private final OutputStream out;
    long count;

    CountingOutput(OutputStream out) {
      this.out = out;
    }

    void write(byte[] bytes) throws IOException {
      write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      count += length;
    }
  }

  @FunctionalInterface
  public interface ChunkSource {
    byte[] read(long chunkIndex) throws IOException;
  }
}
