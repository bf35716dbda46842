package io.imprint.core.app.disk.qcow2;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-XTS (IEEE 1619) over 512-byte sectors with the {@code plain64} IV (the sector number, 64-bit
 * little-endian), as LUKS and QEMU use it. The JDK has no XTS, so it is built on AES/ECB: per call
 * the tweaks of every block are computed into one buffer, and the data goes through ECB in one
 * call, which keeps the JDK's AES intrinsics on large runs. Whole sectors only, so no ciphertext
 * stealing is needed. Not thread-safe: one instance per reader or writer.
 */
final class AesXts {
  static final int SECTOR = 512;
  private static final int BLOCK = 16;

  private final Cipher data;
  private final Cipher dataDecrypt;
  private final Cipher tweak;
  private byte[] tweaks = new byte[0];
  private byte[] ivs = new byte[0];

  /** {@code key} is the two AES keys one after the other: 32 bytes (AES-128) or 64 (AES-256). */
  AesXts(byte[] key) {
    if (key.length != 32 && key.length != 64) {
      throw new IllegalArgumentException("an XTS key is 32 or 64 bytes, not " + key.length);
    }
    int half = key.length / 2;
    try {
      data = Cipher.getInstance("AES/ECB/NoPadding");
      data.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 0, half, "AES"));
      dataDecrypt = Cipher.getInstance("AES/ECB/NoPadding");
      dataDecrypt.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, 0, half, "AES"));
      tweak = Cipher.getInstance("AES/ECB/NoPadding");
      tweak.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, half, half, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB is missing from this JDK", e);
    }
  }

  /** Decrypts whole sectors in place; the first is sector {@code firstSector}. */
  void decrypt(byte[] buffer, int offset, int length, long firstSector) {
    apply(dataDecrypt, buffer, offset, length, firstSector);
  }

  /** Encrypts whole sectors in place; the first is sector {@code firstSector}. */
  void encrypt(byte[] buffer, int offset, int length, long firstSector) {
    apply(data, buffer, offset, length, firstSector);
  }

  private void apply(Cipher cipher, byte[] buffer, int offset, int length, long firstSector) {
    if (length % SECTOR != 0) {
      throw new IllegalArgumentException("XTS here takes whole 512-byte sectors, not " + length);
    }
    int sectors = length / SECTOR;
    if (tweaks.length < length) {
      tweaks = new byte[length];
      ivs = new byte[sectors * BLOCK];
    }
    // each sector's first tweak is its number encrypted with the second key, all sectors in one
    // call; the rest follow by multiplying by x in GF(2^128), little-endian
    for (int s = 0; s < sectors; s++) {
      long sector = firstSector + s;
      for (int i = 0; i < BLOCK; i++) {
        ivs[s * BLOCK + i] = i < 8 ? (byte) (sector >>> (8 * i)) : 0;
      }
    }
    try {
      tweak.doFinal(ivs, 0, sectors * BLOCK, ivs, 0);
      for (int s = 0; s < sectors; s++) {
        int at = s * SECTOR;
        System.arraycopy(ivs, s * BLOCK, tweaks, at, BLOCK);
        for (int b = BLOCK; b < SECTOR; b += BLOCK) {
          timesX(tweaks, at + b - BLOCK, at + b);
        }
      }
      xor(buffer, offset, length);
      cipher.doFinal(buffer, offset, length, buffer, offset);
      xor(buffer, offset, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/ECB failed on whole blocks", e);
    }
  }

  private void xor(byte[] buffer, int offset, int length) {
    for (int i = 0; i < length; i++) {
      buffer[offset + i] ^= tweaks[i];
    }
  }

  private static void timesX(byte[] t, int from, int to) {
    int carry = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = t[from + i] & 0xff;
      t[to + i] = (byte) ((b << 1) | carry);
      carry = b >>> 7;
    }
    if (carry != 0) {
      t[to] ^= (byte) 0x87;
    }
  }
}
