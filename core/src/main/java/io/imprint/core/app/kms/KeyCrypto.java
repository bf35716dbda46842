package io.imprint.core.app.kms;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.kms.KeyVersion;
import io.imprint.core.port.KeyWrapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of root keys. Material is 256 random bits, stored only sealed by the master key.
 * A wrapped data key is {@code 0x01 ‖ version id (16 bytes) ‖ nonce (12) ‖ AES-256-GCM ciphertext
 * and tag}: the version id in front lets any version of the key unwrap what it wrapped after later
 * rotations (Key Protect's ciphertexts, too, unwrap under the version that made them). The key's id
 * and the caller's {@code aad} strings (length-prefixed, so that ["ab"] and ["a","b"] differ) are
 * the associated data: a ciphertext does not unwrap under another key, nor without its aad.
 */
final class KeyCrypto {
  private static final byte FORMAT = 1;
  private static final int HEADER = 1 + 16 + 12;
  private final KeyWrapper master;
  private final SecureRandom random = new SecureRandom();

  KeyCrypto(KeyWrapper master) {
    this.master = master;
  }

  /** 256 fresh random bits: a root key's material or a generated data key. */
  byte[] newKey() {
    var key = new byte[32];
    random.nextBytes(key);
    return key;
  }

  byte[] seal(byte[] material) {
    return master.wrap(material);
  }

  byte[] unseal(KeyVersion version) {
    if (version.sealed() == null) {
      throw new IllegalStateException("the material of key " + version.keyId() + " is destroyed");
    }
    return master.unwrap(version.sealed());
  }

  byte[] wrap(KeyVersion version, byte[] material, byte[] dataKey, List<String> aad) {
    try {
      var nonce = new byte[12];
      random.nextBytes(nonce);
      var cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(material, "AES"),
          new GCMParameterSpec(128, nonce));
      cipher.updateAAD(associatedData(version.keyId(), aad));
      var sealed = cipher.doFinal(dataKey);
      var id = UUID.fromString(version.id());
      return ByteBuffer.allocate(HEADER + sealed.length)
          .put(FORMAT)
          .putLong(id.getMostSignificantBits())
          .putLong(id.getLeastSignificantBits())
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The id of the version that wrapped {@code ciphertext}; empty when it is not one of ours. */
  static Optional<String> versionOf(byte[] ciphertext) {
    if (ciphertext.length < HEADER + 16 || ciphertext[0] != FORMAT) {
      return Optional.empty();
    }
    var buffer = ByteBuffer.wrap(ciphertext, 1, 16);
    return Optional.of(new UUID(buffer.getLong(), buffer.getLong()).toString());
  }

  byte[] unwrap(KeyVersion version, byte[] material, byte[] ciphertext, List<String> aad) {
    try {
      var cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(material, "AES"),
          new GCMParameterSpec(128, ciphertext, 17, 12));
      cipher.updateAAD(associatedData(version.keyId(), aad));
      return cipher.doFinal(ciphertext, HEADER, ciphertext.length - HEADER);
    } catch (AEADBadTagException e) {
      throw unprocessable();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static ApiException unprocessable() {
    return new ApiException(
        ErrorCode.UNPROCESSABLE_CIPHERTEXT,
        "The ciphertext was not wrapped by this key with this aad, or it is damaged.");
  }

  private static byte[] associatedData(String keyId, List<String> aad) {
    var out = new ByteArrayOutputStream();
    for (var part : concat(keyId, aad)) {
      var bytes = part.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  private static List<String> concat(String first, List<String> rest) {
    var all = new ArrayList<String>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }
}
