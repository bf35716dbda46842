package io.imprint.core.app.disk;

import io.imprint.core.domain.disk.DiskCorruptedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals blobs with AES-256-GCM: a fresh 96-bit nonce per blob and the blob id as associated data,
 * so a blob moved under another id or altered in any bit fails authentication. Layout: {@code 'I'
 * 'B' version(1) nonce(12) ciphertext+tag(16)}.
 */
public final class BlobCipher {
  private static final byte[] MAGIC = {'I', 'B', 1};
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  /** Bytes a sealed blob has beyond its plaintext: the header in front and the tag behind. */
  public static final int OVERHEAD = MAGIC.length + NONCE + TAG_BITS / 8;

  /** Where the plaintext starts in a buffer sealed in place. */
  public static final int HEADER = MAGIC.length + NONCE;

  private final SecureRandom random = new SecureRandom();

  public byte[] seal(byte[] key, String blobId, byte[] plaintext, int length) {
    var out = new byte[length + OVERHEAD];
    try {
      sealer(key, blobId, out).doFinal(plaintext, 0, length, out, HEADER);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Seals {@code length} bytes of plaintext held at {@link #HEADER} in {@code buffer} (at least
   * {@code length + OVERHEAD} long) where they lie, header and tag included: a pipeline reuses its
   * buffers instead of allocating a second 4 MiB array per chunk. Returns the sealed length, from
   * offset 0.
   */
  public int sealInPlace(byte[] key, String blobId, byte[] buffer, int length) {
    try {
      return HEADER + sealer(key, blobId, buffer).doFinal(buffer, HEADER, length, buffer, HEADER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  public byte[] open(byte[] key, String blobId, byte[] sealed) {
    try {
      return opener(key, blobId, sealed, sealed.length)
          .doFinal(sealed, HEADER, sealed.length - HEADER);
    } catch (AEADBadTagException e) {
      throw altered(blobId, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Opens the {@code sealedLength} bytes of a sealed blob in {@code buffer} where they lie; the
   * plaintext is left at {@link #HEADER}. Returns its length.
   */
  public int openInPlace(byte[] key, String blobId, byte[] buffer, int sealedLength) {
    try {
      return opener(key, blobId, buffer, sealedLength)
          .doFinal(buffer, HEADER, sealedLength - HEADER, buffer, HEADER);
    } catch (AEADBadTagException e) {
      throw altered(blobId, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * A cipher ready to seal for {@code blobId} under a fresh nonce, whose header it has written at
   * the start of {@code out}.
   */
  private Cipher sealer(byte[] key, String blobId, byte[] out) throws GeneralSecurityException {
    var nonce = new byte[NONCE];
    random.nextBytes(nonce);
    var cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(blobId.getBytes(StandardCharsets.UTF_8));
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    System.arraycopy(nonce, 0, out, MAGIC.length, NONCE);
    return cipher;
  }

  /**
   * A cipher ready to open the first {@code sealedLength} bytes of {@code sealed}, after checking
   * its header.
   */
  private static Cipher opener(byte[] key, String blobId, byte[] sealed, int sealedLength)
      throws GeneralSecurityException {
    if (sealedLength < OVERHEAD
        || sealed[0] != MAGIC[0]
        || sealed[1] != MAGIC[1]
        || sealed[2] != MAGIC[2]) {
      throw new DiskCorruptedException("blob " + blobId + " is not a sealed Imprint blob");
    }
    var cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(TAG_BITS, sealed, MAGIC.length, NONCE));
    cipher.updateAAD(blobId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static DiskCorruptedException altered(String blobId, AEADBadTagException e) {
    return new DiskCorruptedException(
        "blob " + blobId + " failed authentication: its content was altered", e);
  }
}
