package io.imprint.core.app.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the guest content of a qcow2 image (versions 2 and 3) straight from its L1 and L2 tables,
 * for imports and uploads. Only what a self-contained disk needs is supported: backing files,
 * encryption other than LUKS ({@link Qcow2Luks}), external data files, extended L2 entries and
 * non-deflate compression are refused rather than read wrongly. Refcounts and snapshots are never
 * looked at: the active L1 table alone says what the guest sees.
 *
 * <p>The file is untrusted. Every size in it is bounded before anything is allocated from it
 * ({@link Qcow2Header}), and every table and cluster it points at is checked to lie inside the file
 * ({@link ClusterReader}), so a hostile header ends in a {@link Qcow2Exception}, not in an
 * OutOfMemoryError or a loop over a made-up exabyte. This class walks the tables.
 *
 * <p>The channel stays the caller's: closing the reader frees only its inflater.
 */
public final class Qcow2Reader implements AutoCloseable {
  public static final int MAGIC = 0x514649fb;

  private static final int L1_READ_ENTRIES = 8192;

  // bits 9-55 of L1 and standard L2 entries; the bits around them are flags or reserved
  private static final long OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;
  private static final long L2_COMPRESSED = 1L << 62;
  private static final long L2_ZERO = 1L;
  private static final long DESCRIPTOR_MASK = (1L << 62) - 1;

  private final Qcow2File file;
  private final Qcow2Header header;
  private final ClusterReader clusters;
  // null for a plain image
  private final AesXts cipher;
  private boolean closed;

  private Qcow2Reader(Qcow2File file, Qcow2Header header, AesXts cipher) {
    this.file = file;
    this.header = header;
    this.clusters = new ClusterReader(file, header.clusterBits());
    this.cipher = cipher;
  }

  /** True when {@code firstBytes} starts with the qcow2 magic; a shorter array is not qcow2. */
  public static boolean hasMagic(byte[] firstBytes) {
    return firstBytes != null
        && firstBytes.length >= 4
        && ByteBuffer.wrap(firstBytes, 0, 4).getInt() == MAGIC;
  }

  /**
   * Reads and checks the header of a plain image; nothing but the header is read until {@link
   * #forEachCluster}. An encrypted image is refused: it needs its passphrase.
   */
  public static Qcow2Reader open(FileChannel channel) throws Qcow2Exception, IOException {
    try {
      return open(channel, null);
    } catch (Qcow2KeyException e) {
      throw new Qcow2Exception(e.getMessage(), e);
    }
  }

  /**
   * As {@link #open(FileChannel)}, and a LUKS-encrypted image ({@code encrypt.format=luks}) is
   * unlocked with {@code passphrase} and read decrypted. A plain image ignores the passphrase (see
   * {@link #encrypted()}); an encrypted one without a passphrase, or whose key slots it does not
   * open, is a {@link Qcow2KeyException}.
   */
  public static Qcow2Reader open(FileChannel channel, byte[] passphrase)
      throws Qcow2Exception, IOException, Qcow2KeyException {
    var file = new Qcow2File(channel);
    var header = Qcow2Header.read(file);
    if (header.cryptMethod() != Qcow2Header.CRYPT_LUKS) {
      return new Qcow2Reader(file, header, null);
    }
    return new Qcow2Reader(file, header, Qcow2Luks.unlock(file, header, passphrase));
  }

  /** Whether the image is encrypted (and so was unlocked by its passphrase). */
  public boolean encrypted() {
    return cipher != null;
  }

  public long virtualSize() {
    return header.virtualSize();
  }

  public int clusterSize() {
    return header.clusterSize();
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
    var budget = clusters.newBudget();
    int clusterBits = header.clusterBits();
    int clusterSize = header.clusterSize();
    long virtualSize = header.virtualSize();
    int l1Used = header.l1Used();
    int l2Entries = clusterSize / 8;
    var l1 = ByteBuffer.allocate(Math.min(l1Used, L1_READ_ENTRIES) * 8);
    var l2 = ByteBuffer.allocate(clusterSize);
    for (int first = 0; first < l1Used; first += L1_READ_ENTRIES) {
      int count = Math.min(L1_READ_ENTRIES, l1Used - first);
      l1.clear().limit(count * 8);
      file.read(l1, header.l1Offset() + first * 8L, "L1 table");
      for (int i = 0; i < count; i++) {
        long l1Index = first + i;
        long l2Offset = l1.getLong(i * 8) & OFFSET_MASK;
        if (l2Offset == 0) {
          continue;
        }
        clusters.readTable(l2Offset, l2, budget);
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
            if (cipher != null) {
              // QEMU writes no compressed clusters into an encrypted image
              throw new Qcow2Exception(
                  "encrypted qcow2 image has a compressed cluster at guest offset " + guestOffset);
            }
            data = clusters.inflate(entry & DESCRIPTOR_MASK, guestOffset, length, budget);
          } else if ((entry & L2_ZERO) != 0) {
            // reads as zeros whether or not a host cluster is preallocated behind it
            continue;
          } else {
            long hostOffset = entry & OFFSET_MASK;
            if (hostOffset == 0) {
              continue;
            }
            data = clusters.readData(hostOffset, length, budget);
            if (cipher != null) {
              cipher.decrypt(data, 0, length, hostOffset / AesXts.SECTOR);
            }
          }
          visitor.accept(guestOffset, data);
        }
      }
    }
  }

  /** Frees the inflater; the channel is left open for the caller to close. */
  @Override
  public void close() {
    closed = true;
    clusters.close();
  }

  @FunctionalInterface
  public interface ClusterVisitor {
    void accept(long guestOffset, byte[] data) throws IOException;
  }
}
