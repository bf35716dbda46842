package io.imprint.core.app.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the guest content of a qcow2 image (versions 2 and 3) straight from its L1 and L2 tables,
 * for imports and uploads. Only what a self-contained disk needs is supported: backing files,
 * encryption, external data files, extended L2 entries and non-deflate compression are refused
 * rather than read wrongly. Refcounts and snapshots are never looked at: the active L1 table alone
 * says what the guest sees.
 *
 * <p>The file is untrusted. Every size in it is bounded before anything is allocated from it, and
 * every table and cluster it points at is checked to lie inside the file, so a hostile header ends
 * in a {@link Qcow2Exception}, not in an OutOfMemoryError or a loop over a made-up exabyte.
 *
 * <p>The channel stays the caller's: closing the reader frees only its inflater.
 */
public final class Qcow2Reader implements AutoCloseable {
  public static final int MAGIC = 0x514649fb;

  private static final int V2_HEADER_LENGTH = 72;
  private static final int V3_MIN_HEADER_LENGTH = 104;
  private static final int COMPRESSION_TYPE_OFFSET = 104;
  // the smallest cluster holds the whole header we look at, so one small read covers every field
  private static final int HEADER_READ = 512;
  private static final int MIN_CLUSTER_BITS = 9;
  private static final int MAX_CLUSTER_BITS = 21;
  // qemu refuses larger active L1 tables, so no image qemu made or can open has one
  private static final long MAX_L1_ENTRIES = (32L << 20) / 8;
  private static final int L1_READ_ENTRIES = 8192;

  private static final long INCOMPATIBLE_DIRTY = 1L;
  private static final long INCOMPATIBLE_CORRUPT = 1L << 1;
  private static final long INCOMPATIBLE_EXTERNAL_DATA = 1L << 2;
  private static final long INCOMPATIBLE_COMPRESSION_TYPE = 1L << 3;
  private static final long INCOMPATIBLE_EXTENDED_L2 = 1L << 4;

  // bits 9-55 of L1 and standard L2 entries; the bits around them are flags or reserved
  private static final long OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;
  private static final long L2_COMPRESSED = 1L << 62;
  private static final long L2_ZERO = 1L;
  private static final long DESCRIPTOR_MASK = (1L << 62) - 1;
  private static final int SECTOR = 512;

  private final FileChannel file;
  private final long fileSize;
  private final long virtualSize;
  private final int clusterBits;
  private final int clusterSize;
  private final long l1Offset;
  private final int l1Used;
  private Inflater inflater;
  private boolean closed;

  private Qcow2Reader(
      FileChannel file,
      long fileSize,
      long virtualSize,
      int clusterBits,
      long l1Offset,
      int l1Used) {
    this.file = file;
    this.fileSize = fileSize;
    this.virtualSize = virtualSize;
    this.clusterBits = clusterBits;
    this.clusterSize = 1 << clusterBits;
    this.l1Offset = l1Offset;
    this.l1Used = l1Used;
  }

  /** True when {@code firstBytes} starts with the qcow2 magic; a shorter array is not qcow2. */
  public static boolean hasMagic(byte[] firstBytes) {
    return firstBytes != null
        && firstBytes.length >= 4
        && ByteBuffer.wrap(firstBytes, 0, 4).getInt() == MAGIC;
  }

  /** Reads and checks the header; nothing but the header is read until {@link #forEachCluster}. */
  public static Qcow2Reader open(FileChannel file) throws Qcow2Exception, IOException {
    long fileSize = file.size();
    var header = ByteBuffer.allocate((int) Math.min(HEADER_READ, fileSize));
    readFully(file, fileSize, header, 0, "header");
    header.flip();
    if (header.remaining() < 4 || header.getInt(0) != MAGIC) {
      throw new Qcow2Exception("not a qcow2 image: bad magic");
    }
    if (header.remaining() < V2_HEADER_LENGTH) {
      throw new Qcow2Exception(
          "qcow2 image is truncated: the file has " + fileSize + " bytes, fewer than a header");
    }
    int version = header.getInt(4);
    if (version != 2 && version != 3) {
      throw new Qcow2Exception(
          "qcow2 version "
              + Integer.toUnsignedString(version)
              + " is not supported (only 2 and 3)");
    }
    long backingFileOffset = header.getLong(8);
    int clusterBits = header.getInt(20);
    long virtualSize = header.getLong(24);
    int cryptMethod = header.getInt(32);
    long l1Size = Integer.toUnsignedLong(header.getInt(36));
    long l1Offset = header.getLong(40);

    if (clusterBits < MIN_CLUSTER_BITS || clusterBits > MAX_CLUSTER_BITS) {
      throw new Qcow2Exception(
          "qcow2 cluster_bits "
              + Integer.toUnsignedString(clusterBits)
              + " is out of range ("
              + MIN_CLUSTER_BITS
              + " to "
              + MAX_CLUSTER_BITS
              + ")");
    }
    int clusterSize = 1 << clusterBits;
    if (version == 3) {
      checkVersion3Fields(header, fileSize, clusterSize);
    }
    if (backingFileOffset != 0) {
      throw new Qcow2Exception(
          "qcow2 backing files are not supported: convert the image to a standalone one first");
    }
    if (cryptMethod != 0) {
      throw new Qcow2Exception(
          "encrypted qcow2 images are not supported (crypt_method "
              + Integer.toUnsignedString(cryptMethod)
              + ")");
    }
    if (virtualSize < 0) {
      throw new Qcow2Exception(
          "qcow2 virtual size " + Long.toUnsignedString(virtualSize) + " is too large");
    }

    // one L1 entry maps one L2 table, which maps clusterSize / 8 clusters
    int l1EntryBits = 2 * clusterBits - 3;
    long l1Needed =
        (virtualSize >>> l1EntryBits) + ((virtualSize & ((1L << l1EntryBits) - 1)) == 0 ? 0 : 1);
    if (l1Needed > MAX_L1_ENTRIES) {
      throw new Qcow2Exception(
          "qcow2 virtual size "
              + virtualSize
              + " is too large for "
              + clusterSize
              + "-byte clusters");
    }
    if (l1Size < l1Needed) {
      throw new Qcow2Exception(
          "qcow2 L1 table is too small ("
              + l1Size
              + " entries) for the virtual size "
              + virtualSize
              + " ("
              + l1Needed
              + " entries needed)");
    }
    // Entries past the virtual size are legal (qemu keeps them after a shrink, and VM state lives
    // there) and ignored,
    // but an L1 larger than qemu itself would open is no image worth reading.
    if (l1Size > MAX_L1_ENTRIES) {
      throw new Qcow2Exception(
          "qcow2 L1 table is too large ("
              + l1Size
              + " entries) for the virtual size "
              + virtualSize);
    }
    if (l1Size > 0) {
      if ((l1Offset & (clusterSize - 1)) != 0 || l1Offset <= 0) {
        throw new Qcow2Exception(
            "qcow2 L1 table offset "
                + Long.toUnsignedString(l1Offset)
                + " is not a valid cluster offset");
      }
      if (l1Offset > fileSize - l1Size * 8) {
        throw new Qcow2Exception(
            "qcow2 image is truncated: the L1 table ends past the end of the file");
      }
    }
    return new Qcow2Reader(file, fileSize, virtualSize, clusterBits, l1Offset, (int) l1Needed);
  }

  private static void checkVersion3Fields(ByteBuffer header, long fileSize, int clusterSize)
      throws Qcow2Exception {
    if (header.remaining() < V3_MIN_HEADER_LENGTH) {
      throw new Qcow2Exception(
          "qcow2 image is truncated: the file has "
              + fileSize
              + " bytes, fewer than a version 3 header");
    }
    long incompatible = header.getLong(72);
    int refcountOrder = header.getInt(96);
    int headerLength = header.getInt(100);
    if (headerLength < V3_MIN_HEADER_LENGTH
        || headerLength % 8 != 0
        || headerLength > clusterSize) {
      throw new Qcow2Exception(
          "qcow2 header_length " + Integer.toUnsignedString(headerLength) + " is invalid");
    }
    if ((incompatible & INCOMPATIBLE_CORRUPT) != 0) {
      throw new Qcow2Exception(
          "qcow2 image is marked corrupt; repair it with qemu-img check -r all first");
    }
    if ((incompatible & INCOMPATIBLE_EXTERNAL_DATA) != 0) {
      throw new Qcow2Exception("qcow2 external data files are not supported");
    }
    if ((incompatible & INCOMPATIBLE_COMPRESSION_TYPE) != 0) {
      throw new Qcow2Exception(
          "qcow2 compression types other than deflate (zlib) are not supported");
    }
    if ((incompatible & INCOMPATIBLE_EXTENDED_L2) != 0) {
      throw new Qcow2Exception("qcow2 extended L2 entries (subclusters) are not supported");
    }
    long unknown =
        incompatible
            & ~(INCOMPATIBLE_DIRTY
                | INCOMPATIBLE_CORRUPT
                | INCOMPATIBLE_EXTERNAL_DATA
                | INCOMPATIBLE_COMPRESSION_TYPE
                | INCOMPATIBLE_EXTENDED_L2);
    if (unknown != 0) {
      throw new Qcow2Exception(
          "qcow2 image uses unknown incompatible features (0x" + Long.toHexString(unknown) + ")");
    }
    // the field is only present when the header reaches it; a non-zero type without the feature bit
    // is malformed
    if (headerLength > COMPRESSION_TYPE_OFFSET && header.get(COMPRESSION_TYPE_OFFSET) != 0) {
      throw new Qcow2Exception(
          "qcow2 compression types other than deflate (zlib) are not supported");
    }
    if (refcountOrder < 0 || refcountOrder > 6) {
      throw new Qcow2Exception(
          "qcow2 refcount_order " + Integer.toUnsignedString(refcountOrder) + " is invalid");
    }
  }

  public long virtualSize() {
    return virtualSize;
  }

  public int clusterSize() {
    return clusterSize;
  }

  /**
   * Calls {@code visitor} for each allocated, non-zero cluster in ascending guest offset.
   * Unallocated and zero clusters are skipped (they read as zeros). Compressed (deflate) clusters
   * are inflated. {@code data.length == clusterSize()} except possibly for the last cluster of the
   * disk, which is cut at the virtual size. Each array is new, so the visitor may keep it. An
   * allocated cluster whose bytes happen to be zero is still visited: only the L2 entry decides.
   */
  public void forEachCluster(ClusterVisitor visitor) throws Qcow2Exception, IOException {
    if (closed) {
      throw new IllegalStateException("the qcow2 reader is closed");
    }
    // In a valid image the L2 tables and data clusters of the active L1 are disjoint pieces of the
    // file, so together
    // they can't outweigh it. Charging every read against the file size stops an image whose
    // entries all point at
    // the same few clusters from being expanded into far more output (or time) than its size
    // justifies.
    long[] budget = {fileSize};
    int l2Entries = clusterSize / 8;
    var l1 = ByteBuffer.allocate(Math.min(l1Used, L1_READ_ENTRIES) * 8);
    var l2 = ByteBuffer.allocate(clusterSize);
    for (int first = 0; first < l1Used; first += L1_READ_ENTRIES) {
      int count = Math.min(L1_READ_ENTRIES, l1Used - first);
      l1.clear().limit(count * 8);
      readFully(file, fileSize, l1, l1Offset + first * 8L, "L1 table");
      for (int i = 0; i < count; i++) {
        long l1Index = first + i;
        long l2Offset = l1.getLong(i * 8) & OFFSET_MASK;
        if (l2Offset == 0) {
          continue;
        }
        requireClusterAligned(l2Offset, "L2 table");
        requireInFile(l2Offset, clusterSize, "an L2 table");
        charge(budget, clusterSize);
        l2.clear();
        readFully(file, fileSize, l2, l2Offset, "L2 table");
        long firstGuest = (l1Index * l2Entries) << clusterBits;
        for (int j = 0; j < l2Entries; j++) {
          long guestOffset = firstGuest + ((long) j << clusterBits);
          if (guestOffset >= virtualSize) {
            break;
          }
          long entry = l2.getLong(j * 8);
          int length = (int) Math.min(clusterSize, virtualSize - guestOffset);
          byte[] data;
          if ((entry & L2_COMPRESSED) != 0) {
            data = inflate(entry & DESCRIPTOR_MASK, guestOffset, length, budget);
          } else if ((entry & L2_ZERO) != 0) {
            // reads as zeros whether or not a host cluster is preallocated behind it
            continue;
          } else {
            long hostOffset = entry & OFFSET_MASK;
            if (hostOffset == 0) {
              continue;
            }
            requireClusterAligned(hostOffset, "data cluster");
            requireInFile(hostOffset, length, "a data cluster");
            charge(budget, length);
            data = new byte[length];
            readFully(file, fileSize, ByteBuffer.wrap(data), hostOffset, "data cluster");
          }
          visitor.accept(guestOffset, data);
        }
      }
    }
  }

  private byte[] inflate(long descriptor, long guestOffset, int length, long[] budget)
      throws Qcow2Exception, IOException {
    // the split between offset and sector count moves with the cluster size: x = 62 - (cluster_bits
    // - 8)
    int offsetBits = 62 - (clusterBits - 8);
    long hostOffset = descriptor & ((1L << offsetBits) - 1);
    long extraSectors = descriptor >>> offsetBits;
    // the count covers sectors beyond the one holding the offset, and the data starts mid-sector
    long compressedLength = (extraSectors + 1) * SECTOR - (hostOffset & (SECTOR - 1));
    if (hostOffset >= fileSize) {
      throw truncated("a compressed cluster");
    }
    // the last sector's tail may lie past the end of the file: qemu doesn't pad the file to a
    // sector
    int available = (int) Math.min(compressedLength, fileSize - hostOffset);
    var input = ByteBuffer.allocate(available);
    readFully(file, fileSize, input, hostOffset, "compressed cluster");

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
        throw truncated("a compressed cluster");
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
    charge(budget, Math.max(1, inflater.getBytesRead()));
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

  private void requireInFile(long offset, long length, String what) throws Qcow2Exception {
    if (offset > fileSize - length) {
      throw truncated(what);
    }
  }

  private static Qcow2Exception truncated(String what) {
    return new Qcow2Exception(
        "qcow2 image is truncated: " + what + " lies past the end of the file");
  }

  private static void charge(long[] budget, long bytes) throws Qcow2Exception {
    budget[0] -= bytes;
    if (budget[0] < 0) {
      throw new Qcow2Exception(
          "qcow2 image is corrupt: its tables reference more data than the file holds");
    }
  }

  private static void readFully(
      FileChannel file, long fileSize, ByteBuffer buffer, long position, String what)
      throws Qcow2Exception, IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = file.read(buffer, at);
      if (n < 0) {
        // the file shrank under us after its size was read
        throw new Qcow2Exception(
            "qcow2 image is truncated: the "
                + what
                + " at "
                + position
                + " ends past the end of the file ("
                + fileSize
                + " bytes when opened)");
      }
      at += n;
    }
  }

  /** Frees the inflater; the channel is left open for the caller to close. */
  @Override
  public void close() {
    closed = true;
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }

  @FunctionalInterface
  public interface ClusterVisitor {
    void accept(long guestOffset, byte[] data) throws IOException;
  }
}
