package io.imprint.core.app.content;

import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.disk.qcow2.Qcow2Encryption;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.disk.ChunkRef;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.image.Image;
import io.imprint.core.port.Store;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The content of an image under a customer root key leaves only encrypted, as IBM's export of such
 * an image does: a LUKS-encrypted qcow2 under a fresh passphrase, and the passphrase wrapped by the
 * image's root key ({@code encrypted_data_key}), which Key Protect's unwrap action opens. So the
 * plaintext is never sent, and reading it needs the root key as well as the image.
 */
final class EncryptedExports {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;
  private final DiskService disks;

  EncryptedExports(Store store, DiskService disks) {
    this.store = store;
    this.disks = disks;
  }

  /** Refuses the raw content of an image under a customer root key: 409 naming the way out. */
  static void requireEncryptedFormat(Image image, boolean qcow2) {
    if (image.encryptionKeyCrn() != null && !qcow2) {
      throw new ApiException(
          ErrorCode.INVALID_STATE,
          "Image "
              + image.name()
              + " is encrypted with the root key "
              + image.encryptionKeyCrn()
              + ", so its content is served only encrypted: ask for ?format=qcow2, a LUKS"
              + " qcow2 whose passphrase comes wrapped by that key in the Imprint-Encrypted-Data-Key"
              + " header.",
          Target.parameter("format", "raw"));
    }
  }

  /**
   * The whole disk as a LUKS-encrypted qcow2; {@code chunksOf} gives its chunks once the first is
   * known to open.
   */
  Content qcow2(Disk disk, String keyCrn, BiFunction<Disk, ErrorCode, List<ChunkRef>> chunksOf) {
    var encryption = Qcow2Encryption.create(RANDOM);
    var wrapped =
        store.read(tx -> disks.keys().wrapWithCustomerKey(tx, keyCrn, encryption.passphrase()));
    return Content.qcow2(
        disks,
        disk,
        chunksOf.apply(disk, ErrorCode.IMAGE_DATA_CORRUPTED),
        encryption,
        Base64.getEncoder().encodeToString(wrapped));
  }
}
