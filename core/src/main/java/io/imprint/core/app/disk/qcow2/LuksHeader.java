package io.imprint.core.app.disk.qcow2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A LUKS1 header as QEMU writes it inside an encrypted qcow2 ({@code encrypt.format=luks}), checked
 * before anything is derived from it. Only what QEMU writes by default and its cheap neighbours are
 * accepted: cipher {@code aes} in mode {@code xts-plain64} with a 32- or 64-byte key (AES-128 or
 * AES-256 XTS), hash {@code sha1}, {@code sha256} or {@code sha512}. Anything else is refused by
 * name.
 *
 * <p>The header is untrusted: stripes, key size and iteration counts are bounded here, so unlocking
 * allocates at most a few hundred KiB per slot and runs a bounded number of PBKDF2 rounds ({@link
 * #MAX_ITERATIONS}).
 */
record LuksHeader(
    String hash, int keyBytes, byte[] mkDigest, byte[] mkSalt, int mkIterations, List<Slot> slots) {
  static final int LENGTH = 592;
  static final int DIGEST = 20;
  static final int SALT = 32;
  static final int SLOTS = 8;
  static final int STRIPES = 4000;
  static final int ACTIVE = 0x00AC71F3;
  static final int INACTIVE = 0x0000DEAD;

  /**
   * PBKDF2 rounds one key slot or the master key digest may ask for. QEMU's default (2 s of
   * iter-time) gives 2 to 10 million on today's machines (8.6 million for a slot on the machine
   * these bounds were set on, where this class's PBKDF2 runs about 2 million a second); four times
   * the most leaves room for faster machines, while a hostile header cannot keep an import's worker
   * busy for minutes ({@link LuksKeys#MAX_TOTAL_ITERATIONS}).
   */
  static final int MAX_ITERATIONS = 40_000_000;

  private static final byte[] MAGIC = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};

  /**
   * One active key slot.
   *
   * @param materialOffset where the slot's key material starts, in bytes from the header's start
   */
  record Slot(int index, int iterations, byte[] salt, long materialOffset, int stripes) {
    int materialLength(int keyBytes) {
      return keyBytes * stripes;
    }
  }

  /** The header in {@code bytes} ({@link #LENGTH} of them), whose area is {@code areaLength}. */
  static LuksHeader parse(ByteBuffer bytes, long areaLength) throws Qcow2Exception {
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes.get(i) != MAGIC[i]) {
        throw new Qcow2Exception("qcow2 encryption header is not a LUKS header: bad magic");
      }
    }
    int version = Short.toUnsignedInt(bytes.getShort(6));
    if (version != 1) {
      throw new Qcow2Exception(
          "LUKS version " + version + " is not supported (only LUKS1, which QEMU writes)");
    }
    var cipher = text(bytes, 8);
    var mode = text(bytes, 40);
    var hashSpec = text(bytes, 72);
    if (!cipher.equals("aes")) {
      throw new Qcow2Exception("LUKS cipher " + cipher + " is not supported (only aes)");
    }
    if (!mode.equals("xts-plain64")) {
      throw new Qcow2Exception("LUKS cipher mode " + mode + " is not supported (only xts-plain64)");
    }
    var hash =
        switch (hashSpec) {
          case "sha1" -> "SHA1";
          case "sha256" -> "SHA256";
          case "sha512" -> "SHA512";
          default ->
              throw new Qcow2Exception(
                  "LUKS hash " + hashSpec + " is not supported (only sha1, sha256 and sha512)");
        };
    int keyBytes = bytes.getInt(108);
    if (keyBytes != 32 && keyBytes != 64) {
      throw new Qcow2Exception(
          "LUKS key size of "
              + Integer.toUnsignedString(keyBytes)
              + " bytes is not supported (only 32 and 64: AES-128 and AES-256 in XTS)");
    }
    var mkDigest = slice(bytes, 112, DIGEST);
    var mkSalt = slice(bytes, 132, SALT);
    int mkIterations = iterations(bytes.getInt(164), "the master key digest");
    var slots = new ArrayList<Slot>();
    for (int i = 0; i < SLOTS; i++) {
      int at = 208 + 48 * i;
      int active = bytes.getInt(at);
      if (active == INACTIVE) {
        continue;
      }
      if (active != ACTIVE) {
        throw new Qcow2Exception(
            "LUKS key slot " + i + " has an invalid state 0x" + Integer.toHexString(active));
      }
      int iterations = iterations(bytes.getInt(at + 4), "key slot " + i);
      long offset = Integer.toUnsignedLong(bytes.getInt(at + 40)) * AesXts.SECTOR;
      int stripes = bytes.getInt(at + 44);
      if (stripes < 1 || stripes > STRIPES) {
        throw new Qcow2Exception(
            "LUKS key slot "
                + i
                + " has "
                + Integer.toUnsignedString(stripes)
                + " stripes (1 to "
                + STRIPES
                + " are accepted)");
      }
      var slot = new Slot(i, iterations, slice(bytes, at + 8, SALT), offset, stripes);
      long length = slot.materialLength(keyBytes);
      if (offset < LENGTH || offset > areaLength - roundUp(length)) {
        throw new Qcow2Exception(
            "LUKS key slot " + i + " lies outside the encryption header's area");
      }
      slots.add(slot);
    }
    if (slots.isEmpty()) {
      throw new Qcow2Exception("LUKS header has no active key slot");
    }
    return new LuksHeader(hash, keyBytes, mkDigest, mkSalt, mkIterations, List.copyOf(slots));
  }

  static long roundUp(long length) {
    return (length + AesXts.SECTOR - 1) / AesXts.SECTOR * AesXts.SECTOR;
  }

  private static int iterations(int value, String what) throws Qcow2Exception {
    if (value < 1 || value > MAX_ITERATIONS) {
      throw new Qcow2Exception(
          "LUKS "
              + what
              + " asks for "
              + Integer.toUnsignedString(value)
              + " PBKDF2 iterations; 1 to "
              + MAX_ITERATIONS
              + " are accepted");
    }
    return value;
  }

  private static String text(ByteBuffer bytes, int at) {
    int end = at;
    while (end < at + 32 && bytes.get(end) != 0) {
      end++;
    }
    var raw = new byte[end - at];
    bytes.get(at, raw);
    // printable ASCII only, so a hostile name cannot garble the message that quotes it
    var text = new String(raw, StandardCharsets.US_ASCII);
    return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? text : "(unprintable)";
  }

  private static byte[] slice(ByteBuffer bytes, int at, int length) {
    var out = new byte[length];
    bytes.get(at, out);
    return out;
  }
}
