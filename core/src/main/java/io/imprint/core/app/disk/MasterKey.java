package io.imprint.core.app.disk;

import io.imprint.core.domain.disk.DiskCorruptedException;
import io.imprint.core.port.KeyWrapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The service's own root key: wraps data keys with AES-256-GCM (nonce ‖ ciphertext ‖ tag). Its
 * {@link #checkValue} is stored with the metadata on first start, so that starting on the same data
 * with another key is refused instead of failing later on every read.
 */
public final class MasterKey implements KeyWrapper {
  public static final String ROOT_KEY = "master";
  private static final byte[] AAD = "imprint-data-key".getBytes(StandardCharsets.UTF_8);
  private final byte[] key;
  private final SecureRandom random = new SecureRandom();

  public MasterKey(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "the master key must be 32 bytes (AES-256), not " + key.length);
    }
    this.key = key.clone();
  }

  @Override
  public String rootKey() {
    return ROOT_KEY;
  }

  /**
   * An HMAC of a fixed text under the key: shows whether two keys are the same without revealing
   * either.
   */
  public String checkValue() {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal("imprint master key check".getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] wrap(byte[] dataKey) {
    try {
      var nonce = new byte[12];
      random.nextBytes(nonce);
      var cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(AAD);
      var sealed = cipher.doFinal(dataKey);
      var out = new byte[12 + sealed.length];
      System.arraycopy(nonce, 0, out, 0, 12);
      System.arraycopy(sealed, 0, out, 12, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] unwrap(byte[] wrapped) {
    try {
      var cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, wrapped, 0, 12));
      cipher.updateAAD(AAD);
      return cipher.doFinal(wrapped, 12, wrapped.length - 12);
    } catch (AEADBadTagException e) {
      throw new DiskCorruptedException("a data key does not unwrap under the master key", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
