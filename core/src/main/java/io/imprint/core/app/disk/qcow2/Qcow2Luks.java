package io.imprint.core.app.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Opens a LUKS-encrypted qcow2 ({@code crypt_method} 2): finds the full disk encryption header
 * extension ({@code 0x0537be77}: offset and length of the LUKS header inside the file), checks the
 * LUKS header and unlocks its master key with the passphrase. The clusters are then AES-XTS with
 * the plain64 IV of the cluster's <em>host</em> offset in 512-byte sectors (QEMU's LUKS in qcow2
 * numbers sectors by where they lie in the file, not where the guest sees them).
 */
final class Qcow2Luks {
  static final int EXTENSION_FDE = 0x0537be77;
  private static final int EXTENSION_END = 0;

  private Qcow2Luks() {}

  /** Where the LUKS header lies in the file. */
  record Area(long offset, long length) {}

  /** Finds the encryption header's area among the header extensions in the first cluster. */
  static Area area(Qcow2File file, Qcow2Header header) throws Qcow2Exception, IOException {
    int clusterSize = header.clusterSize();
    int end = (int) Math.min(clusterSize, file.size());
    var cluster = ByteBuffer.allocate(end);
    file.read(cluster, 0, "header extensions");
    int at = header.extensionsStart();
    while (at + 8 <= end) {
      int type = cluster.getInt(at);
      long length = Integer.toUnsignedLong(cluster.getInt(at + 4));
      if (type == EXTENSION_END) {
        break;
      }
      if (length > end - at - 8) {
        throw new Qcow2Exception(
            "qcow2 header extension 0x"
                + Integer.toHexString(type)
                + " runs past the first cluster");
      }
      if (type == EXTENSION_FDE) {
        if (length != 16) {
          throw new Qcow2Exception(
              "qcow2 encryption header extension has length " + length + " (16 expected)");
        }
        long offset = cluster.getLong(at + 8);
        long areaLength = cluster.getLong(at + 16);
        if (offset <= 0
            || (offset & (clusterSize - 1)) != 0
            || areaLength < LuksHeader.LENGTH
            || offset > file.size() - areaLength) {
          throw new Qcow2Exception(
              "qcow2 encryption header (offset "
                  + Long.toUnsignedString(offset)
                  + ", length "
                  + Long.toUnsignedString(areaLength)
                  + ") does not lie inside the file");
        }
        return new Area(offset, areaLength);
      }
      at += 8 + (int) ((length + 7) & ~7L);
    }
    throw new Qcow2Exception(
        "qcow2 image is encrypted (crypt_method 2) but has no encryption header extension");
  }

  /** The LUKS header, checked. */
  static LuksHeader luksHeader(Qcow2File file, Area area) throws Qcow2Exception, IOException {
    var bytes = ByteBuffer.allocate(LuksHeader.LENGTH);
    file.read(bytes, area.offset(), "LUKS header");
    return LuksHeader.parse(bytes, area.length());
  }

  /**
   * The cipher of the clusters, once {@code passphrase} unlocks the master key; without a
   * passphrase the headers are still checked, so an unsupported cipher is told as such.
   */
  static AesXts unlock(Qcow2File file, Qcow2Header header, byte[] passphrase)
      throws Qcow2Exception, IOException, Qcow2KeyException {
    var area = area(file, header);
    var luks = luksHeader(file, area);
    if (passphrase == null) {
      throw new Qcow2KeyException(
          "the qcow2 file is LUKS-encrypted and no passphrase was given for it");
    }
    return new AesXts(LuksKeys.unlock(luks, file, area.offset(), passphrase));
  }
}
