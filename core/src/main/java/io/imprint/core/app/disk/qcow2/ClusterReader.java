package io.imprint.core.app.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads what the L1 and L2 entries point at (L2 tables, data clusters, deflate-compressed clusters)
 * after checking that it lies inside the file, and charges every read against a {@link Budget}.
 * Apart from the table walk in {@link Qcow2Reader} so that every way the file's offsets are trusted
 * is in one place.
 */
final class ClusterReader implements AutoCloseable {
  private static final int SECTOR = 512;

  private final Qcow2File file;
  private final int clusterBits;
  private final int clusterSize;
  private Inflater inflater;

  ClusterReader(Qcow2File file, int clusterBits) {
    this.file = file;
    this.clusterBits = clusterBits;
    this.clusterSize = 1 << clusterBits;
  }

  /**
   * In a valid image the L2 tables and data clusters of the active L1 are disjoint pieces of the
   * file, so together they can't outweigh it. Charging every read of one walk against the file size
   * stops an image whose entries all point at the same few clusters from being expanded into far
   * more output (or time) than its size justifies.
   */
  static final class Budget {
    private long left;

    private Budget(long bytes) {
      this.left = bytes;
    }

    void charge(long bytes) throws Qcow2Exception {
      left -= bytes;
      if (left < 0) {
        throw new Qcow2Exception(
            "qcow2 image is corrupt: its tables reference more data than the file holds");
      }
    }
  }

  /** The budget of one walk of the tables: the file's size. */
  Budget newBudget() {
    return new Budget(file.size());
  }

  /** Reads the L2 table at {@code offset} into {@code table}, one cluster long. */
  void readTable(long offset, ByteBuffer table, Budget budget) throws Qcow2Exception, IOException {
    requireClusterAligned(offset, "L2 table");
    file.requireInFile(offset, clusterSize, "an L2 table");
    budget.charge(clusterSize);
    table.clear();
    file.read(table, offset, "L2 table");
  }

  /** The first {@code length} bytes of the data cluster at {@code hostOffset}, in a new array. */
  byte[] readData(long hostOffset, int length, Budget budget) throws Qcow2Exception, IOException {
    requireClusterAligned(hostOffset, "data cluster");
    file.requireInFile(hostOffset, length, "a data cluster");
    budget.charge(length);
    var data = new byte[length];
    file.read(ByteBuffer.wrap(data), hostOffset, "data cluster");
    return data;
  }

  /**
   * The first {@code length} bytes of the compressed cluster an L2 entry's {@code descriptor}
   * describes, inflated, in a new array.
   */
  byte[] inflate(long descriptor, long guestOffset, int length, Budget budget)
      throws Qcow2Exception, IOException {
    // the split between offset and sector count moves with the cluster size: x = 62 - (cluster_bits
    // - 8)
    int offsetBits = 62 - (clusterBits - 8);
    long hostOffset = descriptor & ((1L << offsetBits) - 1);
    long extraSectors = descriptor >>> offsetBits;
    // the count covers sectors beyond the one holding the offset, and the data starts mid-sector
    long compressedLength = (extraSectors + 1) * SECTOR - (hostOffset & (SECTOR - 1));
    if (hostOffset >= file.size()) {
      throw Qcow2File.truncated("a compressed cluster");
    }
    // the last sector's tail may lie past the end of the file: qemu doesn't pad the file to a
    // sector
    int available = (int) Math.min(compressedLength, file.size() - hostOffset);
    var input = ByteBuffer.allocate(available);
    file.read(input, hostOffset, "compressed cluster");

    if (inflater == null) {
      inflater = new Inflater(true);
    }
    inflater.reset();
    inflater.setInput(input.array(), 0, available);
    var cluster = new byte[clusterSize];
    int produced = 0;
    try {
      while (produced < clusterSize) {
        int n = inflater.inflate(cluster, produced, clusterSize - produced);
        if (n == 0
            && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        produced += n;
      }
    } catch (DataFormatException e) {
      throw new Qcow2Exception(
          "qcow2 compressed cluster at guest offset "
              + guestOffset
              + " is corrupt: "
              + e.getMessage(),
          e);
    }
    if (produced < clusterSize) {
      if (available < compressedLength) {
        throw Qcow2File.truncated("a compressed cluster");
      }
      throw new Qcow2Exception(
          "qcow2 compressed cluster at guest offset "
              + guestOffset
              + " is corrupt: it inflates to "
              + produced
              + " of "
              + clusterSize
              + " bytes");
    }
    budget.charge(Math.max(1, inflater.getBytesRead()));
    if (length == clusterSize) {
      return cluster;
    }
    var cut = new byte[length];
    System.arraycopy(cluster, 0, cut, 0, length);
    return cut;
  }

  private void requireClusterAligned(long offset, String what) throws Qcow2Exception {
    if ((offset & (clusterSize - 1)) != 0) {
      throw new Qcow2Exception(
          "qcow2 image is corrupt: " + what + " offset " + offset + " is not cluster-aligned");
    }
  }

  /** Frees the inflater. */
  @Override
  public void close() {
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }
}
