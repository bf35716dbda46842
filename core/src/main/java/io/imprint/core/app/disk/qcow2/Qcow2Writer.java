package io.imprint.core.app.disk.qcow2;

import static io.imprint.core.app.disk.qcow2.Qcow2Layout.CLUSTER_BITS;
import static io.imprint.core.app.disk.qcow2.Qcow2Layout.CLUSTER_SIZE;
import static io.imprint.core.app.disk.qcow2.Qcow2Layout.ENTRIES_PER_TABLE_CLUSTER;
import static io.imprint.core.app.disk.qcow2.Qcow2Layout.L2_BITS;
import static io.imprint.core.app.disk.qcow2.Qcow2Layout.L2_ENTRIES;
import static io.imprint.core.app.disk.qcow2.Qcow2Layout.REFCOUNTS_PER_BLOCK;
import static io.imprint.core.app.disk.qcow2.Qcow2Layout.REFCOUNT_ORDER;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SortedSet;

/**
 * Streams a disk as a qcow2 version 3 image (64 KiB clusters, 16-bit refcounts) for downloads. The
 * whole layout is derived from the virtual size and the set of present chunks before a byte is
 * written ({@link Qcow2Layout}), so the exact length is known up front (for Content-Length) and the
 * stream goes out once, front to back, without seeking or buffering the disk; this class writes the
 * clusters in the layout's order.
 *
 * <p>Every cluster of a present chunk is written as data, zero or not, because which clusters are
 * zero is only known once the chunk is read, and that is after the L2 tables have gone out. Every
 * cluster of the file has refcount 1.
 *
 * <p>With a {@link Qcow2Encryption} the image is LUKS-encrypted as QEMU's {@code
 * encrypt.format=luks} makes it ({@code crypt_method} 2, the LUKS header in the clusters after the
 * header, each data cluster AES-XTS under the sector numbers of its place in the file).
 */
public final class Qcow2Writer {
  private static final int HEADER_LENGTH = 104;

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
    return size(virtualSize, chunkSize, chunkIndexes, false);
  }

  /** As {@link #size(long, int, SortedSet)}, of the image encrypted or not. */
  public static long size(
      long virtualSize, int chunkSize, SortedSet<Long> chunkIndexes, boolean encrypted) {
    return Qcow2Layout.of(virtualSize, chunkSize, chunkIndexes, encrypted).totalClusters()
        * CLUSTER_SIZE;
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
    write(out, virtualSize, chunkSize, chunkIndexes, source, null);
  }

  /**
   * As {@link #write(OutputStream, long, int, SortedSet, ChunkSource)}, LUKS-encrypted with {@code
   * encryption} unless it is null; the virtual size is then a whole number of 512-byte sectors.
   */
  public static void write(
      OutputStream out,
      long virtualSize,
      int chunkSize,
      SortedSet<Long> chunkIndexes,
      ChunkSource source,
      Qcow2Encryption encryption)
      throws IOException {
    if (encryption != null && virtualSize % AesXts.SECTOR != 0) {
      throw new IllegalArgumentException(
          "an encrypted image's virtual size is whole sectors, not " + virtualSize);
    }
    var layout = Qcow2Layout.of(virtualSize, chunkSize, chunkIndexes, encryption != null);
    var counted = new CountingOutput(out);
    var cluster = new byte[CLUSTER_SIZE];
    writeHeader(counted, cluster, layout);
    if (encryption != null) {
      writeLuks(counted, encryption, layout);
    }
    writeL1(counted, cluster, layout);
    writeRefcounts(counted, cluster, layout);
    writeL2Tables(counted, cluster, layout);
    writeData(counted, layout, source, encryption == null ? null : encryption.cipher());
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

  private static void writeHeader(CountingOutput out, byte[] cluster, Qcow2Layout layout)
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
    if (layout.luksClusters > 0) {
      header.putInt(32, Qcow2Header.CRYPT_LUKS);
      header.putInt(HEADER_LENGTH, Qcow2Luks.EXTENSION_FDE);
      header.putInt(HEADER_LENGTH + 4, 16);
      header.putLong(HEADER_LENGTH + 8, layout.luksOffset());
      header.putLong(HEADER_LENGTH + 16, Qcow2Encryption.AREA_LENGTH);
    }
    // the 8 zero bytes after the last extension are the end-of-extensions marker
    out.write(cluster);
  }

  private static void writeLuks(CountingOutput out, Qcow2Encryption encryption, Qcow2Layout layout)
      throws IOException {
    var area = encryption.area();
    out.write(area);
    long padding = layout.luksClusters * CLUSTER_SIZE - area.length;
    var zeros = new byte[CLUSTER_SIZE];
    while (padding > 0) {
      int n = (int) Math.min(padding, CLUSTER_SIZE);
      out.write(zeros, 0, n);
      padding -= n;
    }
  }

  private static void writeL1(CountingOutput out, byte[] cluster, Qcow2Layout layout)
      throws IOException {
    var entries = ByteBuffer.wrap(cluster);
    var tables = layout.l2TableIndexes();
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

  private static void writeRefcounts(CountingOutput out, byte[] cluster, Qcow2Layout layout)
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

  private static void writeL2Tables(CountingOutput out, byte[] cluster, Qcow2Layout layout)
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

  private static void writeData(
      CountingOutput out, Qcow2Layout layout, ChunkSource source, AesXts cipher)
      throws IOException {
    var zeros = new byte[CLUSTER_SIZE];
    var sealed = cipher == null ? null : new byte[CLUSTER_SIZE];
    long hostOffset = layout.dataOffset();
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
      int clusterBytes = (int) (layout.clustersOf(chunk) * CLUSTER_SIZE);
      if (sealed != null) {
        // a cluster at a time, so a download holds one cluster more, not a chunk; the padding is
        // data too, as the reader decrypts whole clusters
        for (int at = 0; at < clusterBytes; at += CLUSTER_SIZE) {
          int n = Math.max(0, Math.min(CLUSTER_SIZE, fromData - at));
          System.arraycopy(data, at, sealed, 0, n);
          Arrays.fill(sealed, n, CLUSTER_SIZE, (byte) 0);
          cipher.encrypt(sealed, 0, CLUSTER_SIZE, hostOffset / AesXts.SECTOR);
          out.write(sealed, 0, CLUSTER_SIZE);
          hostOffset += CLUSTER_SIZE;
        }
        continue;
      }
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
