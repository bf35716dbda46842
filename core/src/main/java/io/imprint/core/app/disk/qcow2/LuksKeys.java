package io.imprint.core.app.disk.qcow2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * LUKS1 key handling: a passphrase opens a key slot (PBKDF2 of the passphrase decrypts the slot's
 * anti-forensic material, which merges into the master key), and the master key is the right one
 * when its PBKDF2 digest matches the header's. PBKDF2 is written out here because the JDK's takes
 * the password as characters, and LUKS passphrases and master keys are bytes.
 */
final class LuksKeys {
  /**
   * PBKDF2 rounds one unlock may spend over every slot it tries (each slot's and the digest's): a
   * file with eight slots of the most rounds each would otherwise take minutes to refuse a wrong
   * passphrase. About 25 s here at worst.
   */
  static final long MAX_TOTAL_ITERATIONS = 50_000_000L;

  private LuksKeys() {}

  /**
   * The master key that {@code passphrase} opens, reading the slots' material from the header area
   * at {@code areaOffset} of {@code file}.
   */
  static byte[] unlock(LuksHeader header, Qcow2File file, long areaOffset, byte[] passphrase)
      throws Qcow2Exception, IOException, Qcow2KeyException {
    long cost = 0;
    for (var slot : header.slots()) {
      cost += (long) slot.iterations() + header.mkIterations();
    }
    if (cost > MAX_TOTAL_ITERATIONS) {
      throw new Qcow2Exception(
          "LUKS header asks for "
              + cost
              + " PBKDF2 iterations over its key slots; at most "
              + MAX_TOTAL_ITERATIONS
              + " are accepted");
    }
    for (var slot : header.slots()) {
      var slotKey =
          pbkdf2(header.hash(), passphrase, slot.salt(), slot.iterations(), header.keyBytes());
      int length = slot.materialLength(header.keyBytes());
      var material = new byte[(int) LuksHeader.roundUp(length)];
      file.read(ByteBuffer.wrap(material), areaOffset + slot.materialOffset(), "LUKS key slot");
      new AesXts(slotKey).decrypt(material, 0, material.length, 0);
      var candidate = merge(header.hash(), material, header.keyBytes(), slot.stripes());
      var digest =
          pbkdf2(
              header.hash(), candidate, header.mkSalt(), header.mkIterations(), LuksHeader.DIGEST);
      if (MessageDigest.isEqual(digest, header.mkDigest())) {
        return candidate;
      }
    }
    throw new Qcow2KeyException(
        "the passphrase opens none of the file's "
            + header.slots().size()
            + " LUKS key slot"
            + (header.slots().size() == 1 ? "" : "s"));
  }

  /** PBKDF2 with HMAC of {@code hash} ("SHA256" …), RFC 8018. */
  static byte[] pbkdf2(String hash, byte[] password, byte[] salt, int iterations, int length) {
    try {
      var mac = Mac.getInstance("Hmac" + hash);
      // an empty HMAC key is legal, but SecretKeySpec refuses it; pad to the one-byte-zero key,
      // which HMAC pads to the same block anyway
      mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "Hmac" + hash));
      int hLen = mac.getMacLength();
      var out = new byte[length];
      var u = new byte[hLen];
      var t = new byte[hLen];
      for (int block = 1, done = 0; done < length; block++, done += hLen) {
        mac.update(salt);
        mac.update(
            new byte[] {
              (byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block
            });
        mac.doFinal(u, 0);
        System.arraycopy(u, 0, t, 0, hLen);
        for (int i = 1; i < iterations; i++) {
          mac.update(u);
          mac.doFinal(u, 0);
          for (int j = 0; j < hLen; j++) {
            t[j] ^= u[j];
          }
        }
        System.arraycopy(t, 0, out, done, Math.min(hLen, length - done));
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Hmac" + hash + " is missing from this JDK", e);
    }
  }

  /** LUKS's anti-forensic merge of {@code stripes} blocks of {@code keyBytes} into the key. */
  static byte[] merge(String hash, byte[] material, int keyBytes, int stripes) {
    var block = new byte[keyBytes];
    for (int s = 0; s < stripes - 1; s++) {
      for (int i = 0; i < keyBytes; i++) {
        block[i] ^= material[s * keyBytes + i];
      }
      diffuse(hash, block);
    }
    var key = new byte[keyBytes];
    for (int i = 0; i < keyBytes; i++) {
      key[i] = (byte) (block[i] ^ material[(stripes - 1) * keyBytes + i]);
    }
    Arrays.fill(block, (byte) 0);
    return key;
  }

  /** Hashes each digest-sized piece of {@code block} with its index in front, in place. */
  static void diffuse(String hash, byte[] block) {
    MessageDigest digest;
    try {
      digest =
          MessageDigest.getInstance(hash.equals("SHA1") ? "SHA-1" : "SHA-" + hash.substring(3));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(hash + " is missing from this JDK", e);
    }
    int size = digest.getDigestLength();
    for (int i = 0, at = 0; at < block.length; i++, at += size) {
      int piece = Math.min(size, block.length - at);
      digest.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
      digest.update(block, at, piece);
      var hashed = digest.digest();
      System.arraycopy(hashed, 0, block, at, piece);
    }
  }
}
