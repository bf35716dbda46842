package io.imprint.core.app.disk.qcow2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * The LUKS1 encryption of a qcow2 download ({@link Qcow2Writer}), laid out as QEMU's {@code
 * encrypt.format=luks} does: a fresh random master key (AES-256-XTS, plain64 IV of the host offset)
 * and a fresh random 32-byte passphrase in key slot 0, sha256 for PBKDF2 and the anti-forensic
 * split, eight slots at QEMU's offsets (the other seven inactive) and the payload offset QEMU
 * writes, so {@code qemu-img} opens the file with {@code --object secret,id=…,data=<passphrase>}.
 * The PBKDF2 rounds are few ({@link #ITERATIONS}): they slow down guessing a passphrase, and a
 * random 256-bit one cannot be guessed anyway.
 */
public final class Qcow2Encryption {
  static final int ITERATIONS = 1000;
  static final int KEY_BYTES = 64;
  static final int PASSPHRASE_BYTES = 32;
  // QEMU's layout: slot material from sector 8, a slot every 504 sectors, payload at 4040
  private static final int FIRST_SLOT_SECTOR = 8;
  private static final int SLOT_STRIDE_SECTORS = 504;
  private static final int PAYLOAD_SECTOR = 4040;
  static final long AREA_LENGTH = (long) PAYLOAD_SECTOR * AesXts.SECTOR;

  private final byte[] masterKey;
  private final byte[] passphrase;
  // the LUKS header and slot 0's material; the rest of the area is zeros
  private final byte[] area;

  private Qcow2Encryption(byte[] masterKey, byte[] passphrase, byte[] area) {
    this.masterKey = masterKey;
    this.passphrase = passphrase;
    this.area = area;
  }

  /** The passphrase of key slot 0, a copy. */
  public byte[] passphrase() {
    return passphrase.clone();
  }

  byte[] area() {
    return area;
  }

  AesXts cipher() {
    return new AesXts(masterKey);
  }

  /** A new master key and passphrase from {@code random}, and the LUKS header that binds them. */
  public static Qcow2Encryption create(SecureRandom random) {
    var masterKey = bytes(random, KEY_BYTES);
    var passphrase =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(bytes(random, PASSPHRASE_BYTES))
            .getBytes(StandardCharsets.US_ASCII);
    int stripes = LuksHeader.STRIPES;
    int materialLength = KEY_BYTES * stripes;
    int materialOffset = FIRST_SLOT_SECTOR * AesXts.SECTOR;
    var area = new byte[materialOffset + (int) LuksHeader.roundUp(materialLength)];
    var header = ByteBuffer.wrap(area);
    header.put(0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe});
    header.putShort(6, (short) 1);
    text(header, 8, "aes");
    text(header, 40, "xts-plain64");
    text(header, 72, "sha256");
    header.putInt(104, PAYLOAD_SECTOR);
    header.putInt(108, KEY_BYTES);
    var mkSalt = bytes(random, LuksHeader.SALT);
    header.put(112, LuksKeys.pbkdf2("SHA256", masterKey, mkSalt, ITERATIONS, LuksHeader.DIGEST));
    header.put(132, mkSalt);
    header.putInt(164, ITERATIONS);
    var uuid = new UUID(random.nextLong(), random.nextLong());
    text(header, 168, uuid.toString());
    var slotSalt = bytes(random, LuksHeader.SALT);
    for (int i = 0; i < LuksHeader.SLOTS; i++) {
      int at = 208 + 48 * i;
      header.putInt(at, i == 0 ? LuksHeader.ACTIVE : LuksHeader.INACTIVE);
      if (i == 0) {
        header.putInt(at + 4, ITERATIONS);
        header.put(at + 8, slotSalt);
      }
      header.putInt(at + 40, FIRST_SLOT_SECTOR + i * SLOT_STRIDE_SECTORS);
      header.putInt(at + 44, stripes);
    }
    var material = split(random, masterKey, stripes);
    var slotKey = LuksKeys.pbkdf2("SHA256", passphrase, slotSalt, ITERATIONS, KEY_BYTES);
    System.arraycopy(material, 0, area, materialOffset, materialLength);
    new AesXts(slotKey).encrypt(area, materialOffset, (int) LuksHeader.roundUp(materialLength), 0);
    return new Qcow2Encryption(masterKey, passphrase, area);
  }

  /**
   * LUKS's anti-forensic split, the inverse of {@link LuksKeys#merge}: random stripes but the last,
   * which makes the merge give {@code key}.
   */
  private static byte[] split(SecureRandom random, byte[] key, int stripes) {
    int n = key.length;
    var material = new byte[n * stripes];
    var random0 = bytes(random, n * (stripes - 1));
    System.arraycopy(random0, 0, material, 0, random0.length);
    var block = new byte[n];
    for (int s = 0; s < stripes - 1; s++) {
      for (int i = 0; i < n; i++) {
        block[i] ^= material[s * n + i];
      }
      LuksKeys.diffuse("SHA256", block);
    }
    for (int i = 0; i < n; i++) {
      material[(stripes - 1) * n + i] = (byte) (block[i] ^ key[i]);
    }
    return material;
  }

  private static void text(ByteBuffer header, int at, String value) {
    header.put(at, value.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] bytes(SecureRandom random, int length) {
    var out = new byte[length];
    random.nextBytes(out);
    return out;
  }
}
