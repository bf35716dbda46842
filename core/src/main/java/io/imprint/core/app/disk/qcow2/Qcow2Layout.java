package io.imprint.core.app.disk.qcow2;

import java.util.Iterator;
import java.util.SortedSet;

/**
 * Where everything of a {@link Qcow2Writer} image goes, in clusters, computed from the virtual size
 * and the set of present chunks alone: the plan is made before a byte is written, so that the exact
 * length is known up front and every table can point forward at clusters not yet written.
 *
 * <pre>
 *   header cluster | [LUKS header] | L1 table | refcount table | refcount blocks | L2 tables | data
 * </pre>
 *
 * <p>The LUKS header's clusters are there only in an encrypted image ({@link Qcow2Encryption}).
 */
final class Qcow2Layout {
  static final int CLUSTER_BITS = 16;
  static final int CLUSTER_SIZE = 1 << CLUSTER_BITS;
  // L1, L2 and refcount tables all hold 8-byte entries
  static final int ENTRIES_PER_TABLE_CLUSTER = CLUSTER_SIZE / 8;
  static final int L2_ENTRIES = ENTRIES_PER_TABLE_CLUSTER;
  static final int L2_BITS = CLUSTER_BITS - 3;
  static final int REFCOUNT_ORDER = 4;
  static final int REFCOUNTS_PER_BLOCK = CLUSTER_SIZE * 8 / (1 << REFCOUNT_ORDER);
  // qemu refuses to open an image whose active L1 table is larger than 32 MiB
  private static final long MAX_L1_ENTRIES = (32L << 20) / 8;

  final long virtualSize;
  final int chunkSize;
  final SortedSet<Long> chunkIndexes;
  final long l1Entries;
  final long l1Clusters;
  final long l2Tables;
  final long dataClusters;
  final long refcountTableClusters;
  final long refcountBlocks;
  final long luksClusters;

  private Qcow2Layout(
      long virtualSize, int chunkSize, SortedSet<Long> chunkIndexes, long luksClusters) {
    this.virtualSize = virtualSize;
    this.luksClusters = luksClusters;
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
    var cursor = l2TableIndexes();
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
      long total = 1 + luksClusters + l1Clusters + tableClusters + blocks + l2Tables + dataClusters;
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

  static Qcow2Layout of(
      long virtualSize, int chunkSize, SortedSet<Long> chunkIndexes, boolean encrypted) {
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
    long luksClusters =
        encrypted ? (Qcow2Encryption.AREA_LENGTH + CLUSTER_SIZE - 1) / CLUSTER_SIZE : 0;
    return new Qcow2Layout(virtualSize, chunkSize, chunkIndexes, luksClusters);
  }

  int lengthOf(long chunk) {
    return (int) Math.min(chunkSize, virtualSize - chunk * chunkSize);
  }

  long clustersOf(long chunk) {
    return (lengthOf(chunk) + CLUSTER_SIZE - 1) / CLUSTER_SIZE;
  }

  long luksOffset() {
    return CLUSTER_SIZE;
  }

  long l1Offset() {
    return (1 + luksClusters) * CLUSTER_SIZE;
  }

  long refcountTableOffset() {
    return l1Offset() + l1Clusters * CLUSTER_SIZE;
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
    return 1
        + luksClusters
        + l1Clusters
        + refcountTableClusters
        + refcountBlocks
        + l2Tables
        + dataClusters;
  }

  /** A new cursor over the L1 indexes that get an L2 table. */
  L2TableCursor l2TableIndexes() {
    return new L2TableCursor();
  }

  /** The L1 indexes that get an L2 table, ascending and each once; -1 when there are no more. */
  final class L2TableCursor {
    private final Iterator<Long> chunks = chunkIndexes.iterator();
    private long pendingFirst = -1;
    private long pendingLast = -1;
    private long last = -1;

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
        long firstCluster = chunk * (chunkSize / CLUSTER_SIZE);
        pendingFirst = firstCluster >>> L2_BITS;
        pendingLast = (firstCluster + clustersOf(chunk) - 1) >>> L2_BITS;
      }
    }
  }
}
