package io.imprint.core.app.image;

import io.imprint.core.app.disk.DiskService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageCreate;
import io.imprint.core.port.Store;
import java.util.Base64;

/**
 * IBM's encrypted imports: {@code encrypted_data_key} is the passphrase of a LUKS-encrypted qcow2,
 * wrapped by the root key {@code encryption_key} (Key Protect's wrap action). The request is
 * checked here; the import job unwraps the passphrase with the image's root key, and every way that
 * fails is the image's {@code encrypted_data_key_invalid} ({@link DataKeyInvalid}).
 */
final class EncryptedImports {
  /** Base64 of a wrapped passphrase of a few KiB; a longer text is no wrapped key of ours. */
  static final int MAX_ENCRYPTED_DATA_KEY = 16 * 1024;

  private EncryptedImports() {}

  /**
   * The request's {@code encrypted_data_key}, checked (base64, with {@code encryption_key}), or
   * null when it gave none.
   */
  static String requireDataKey(ImageCreate.Common request) {
    var wrapped = request.encryptedDataKey();
    if (wrapped == null) {
      return null;
    }
    if (request.encryptionKeyCrn() == null) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "encrypted_data_key requires encryption_key: the root key that wrapped it.",
          Target.field("encryption_key"));
    }
    if (wrapped.isEmpty() || wrapped.length() > MAX_ENCRYPTED_DATA_KEY) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "encrypted_data_key",
          null,
          "encrypted_data_key must be the ciphertext of Key Protect's wrap action (base64, 1 to "
              + MAX_ENCRYPTED_DATA_KEY
              + " characters).");
    }
    try {
      Base64.getDecoder().decode(wrapped);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "encrypted_data_key",
          null,
          "encrypted_data_key is not base64: give the ciphertext of Key Protect's wrap action.");
    }
    return wrapped;
  }

  /**
   * The passphrase the import's {@code encrypted_data_key} wraps, unwrapped by the image's root
   * key; null when the import gave none.
   */
  static byte[] passphrase(Store store, DiskService disks, Image image, ImportPayload payload)
      throws DataKeyInvalid {
    if (payload.encryptedDataKey().isEmpty()) {
      return null;
    }
    var keyCrn = image.encryptionKeyCrn();
    if (keyCrn == null) {
      throw new DataKeyInvalid("encrypted_data_key was given without a root key to unwrap it.");
    }
    var wrapped = Base64.getDecoder().decode(payload.encryptedDataKey());
    try {
      return store.read(tx -> disks.keys().unwrapWithCustomerKey(tx, keyCrn, wrapped));
    } catch (ApiException e) {
      throw new DataKeyInvalid(
          "encrypted_data_key cannot be unwrapped by the root key "
              + keyCrn
              + ": "
              + e.getMessage());
    }
  }

  /** The image cannot be decrypted with what its request gave: IBM's status reason. */
  static final class DataKeyInvalid extends Exception {
    static final String CODE = "encrypted_data_key_invalid";

    DataKeyInvalid(String message) {
      super(message);
    }
  }
}
