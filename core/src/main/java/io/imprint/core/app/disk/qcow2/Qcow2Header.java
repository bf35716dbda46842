package io.imprint.core.app.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What a qcow2 header says about the active L1 table, once every field is checked: the header is
 * the part of an untrusted image that decides how much is allocated and read, so it is parsed and
 * bounded in one place, before anything else of the file is touched.
 *
 * @param l1Used the L1 entries that cover the virtual size; entries past them are ignored
 */
record Qcow2Header(
    long virtualSize,
    int clusterBits,
    long l1Offset,
    int l1Used,
    int cryptMethod,
    int extensionsStart) {
  /** {@code crypt_method} of a LUKS-encrypted image, the only encryption read. */
  static final int CRYPT_LUKS = 2;

  private static final int V2_HEADER_LENGTH = 72;
  private static final int V3_MIN_HEADER_LENGTH = 104;
  private static final int COMPRESSION_TYPE_OFFSET = 104;
  // the smallest cluster holds the whole header we look at, so one small read covers every field
  private static final int HEADER_READ = 512;
  private static final int MIN_CLUSTER_BITS = 9;
  private static final int MAX_CLUSTER_BITS = 21;
  // qemu refuses larger active L1 tables, so no image qemu made or can open has one
  private static final long MAX_L1_ENTRIES = (32L << 20) / 8;

  private static final long INCOMPATIBLE_DIRTY = 1L;
  private static final long INCOMPATIBLE_CORRUPT = 1L << 1;
  private static final long INCOMPATIBLE_EXTERNAL_DATA = 1L << 2;
  private static final long INCOMPATIBLE_COMPRESSION_TYPE = 1L << 3;
  private static final long INCOMPATIBLE_EXTENDED_L2 = 1L << 4;

  int clusterSize() {
    return 1 << clusterBits;
  }

  /** Reads and checks the header. */
  static Qcow2Header read(Qcow2File file) throws Qcow2Exception, IOException {
    long fileSize = file.size();
    var header = ByteBuffer.allocate((int) Math.min(HEADER_READ, fileSize));
    file.read(header, 0, "header");
    header.flip();
    if (header.remaining() < 4 || header.getInt(0) != Qcow2Reader.MAGIC) {
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
    if (cryptMethod != 0 && cryptMethod != CRYPT_LUKS) {
      throw new Qcow2Exception(
          "qcow2 encryption crypt_method "
              + Integer.toUnsignedString(cryptMethod)
              + " is not supported (only 2, LUKS: encrypt.format=luks)");
    }
    if (virtualSize < 0) {
      throw new Qcow2Exception(
          "qcow2 virtual size " + Long.toUnsignedString(virtualSize) + " is too large");
    }
    if (cryptMethod == CRYPT_LUKS && virtualSize % AesXts.SECTOR != 0) {
      throw new Qcow2Exception(
          "encrypted qcow2 virtual size "
              + virtualSize
              + " is not a whole number of 512-byte sectors");
    }
    long l1Needed = checkL1(virtualSize, clusterBits, l1Size, l1Offset, fileSize);
    int extensionsStart = version == 3 ? header.getInt(100) : V2_HEADER_LENGTH;
    return new Qcow2Header(
        virtualSize, clusterBits, l1Offset, (int) l1Needed, cryptMethod, extensionsStart);
  }

  /** Returns the L1 entries the virtual size needs, once the table is known to be sane. */
  private static long checkL1(
      long virtualSize, int clusterBits, long l1Size, long l1Offset, long fileSize)
      throws Qcow2Exception {
    int clusterSize = 1 << clusterBits;
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
    // there) and ignored, but an L1 larger than qemu itself would open is no image worth reading.
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
    return l1Needed;
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
}
