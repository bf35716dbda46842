package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.app.disk.qcow2.Qcow2Reader;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;

/**
 * Reads an image under a customer root key the only way it is served: the LUKS qcow2 download, its
 * passphrase unwrapped by Key Protect's unwrap action from the {@code Imprint-Encrypted-Data-Key}
 * header, decrypted by the qcow2 reader.
 */
final class EncryptedDownloads {
  private EncryptedDownloads() {}

  record Download(byte[] qcow2, String encryptedDataKey) {}

  static Download download(Api api, String imageId) {
    var response =
        api.getBytes("/imprint/v1/images/" + imageId + "/content?format=qcow2", Map.of());
    assertThat(response.status()).as(new String(response.body())).isEqualTo(200);
    var wrapped = response.header("Imprint-Encrypted-Data-Key");
    assertThat(wrapped).as("the wrapped passphrase header").isNotBlank();
    return new Download(response.body(), wrapped);
  }

  /**
   * Key Protect's unwrap of {@code ciphertext} by the key {@code keyCrn}: the plaintext, base64.
   */
  static String unwrap(Api api, String keyCrn, String ciphertext) {
    var id = keyCrn.substring(keyCrn.lastIndexOf(':') + 1);
    var unwrapped =
        api.raw(
            "POST",
            "/api/v2/keys/" + id + "/actions/unwrap",
            "{\"ciphertext\":\"" + ciphertext + "\"}",
            "application/json",
            KeyProtect.instance());
    assertThat(unwrapped.status()).as(unwrapped.raw()).isEqualTo(200);
    return unwrapped.body().path("plaintext").asText();
  }

  /** The first {@code length} bytes of the image, decrypted from its download. */
  static byte[] read(Api api, String imageId, String keyCrn, int length) {
    try {
      return decrypt(api, imageId, keyCrn, length);
    } catch (Exception e) {
      throw new AssertionError("the encrypted download of " + imageId + " did not decrypt", e);
    }
  }

  private static byte[] decrypt(Api api, String imageId, String keyCrn, int length)
      throws Exception {
    var download = download(api, imageId);
    var passphrase = Base64.getDecoder().decode(unwrap(api, keyCrn, download.encryptedDataKey()));
    var file = Files.createTempFile("imprint-download-", ".qcow2");
    try {
      Files.write(file, download.qcow2());
      var content = new byte[length];
      try (var channel = FileChannel.open(file);
          var reader = Qcow2Reader.open(channel, passphrase)) {
        assertThat(reader.encrypted()).isTrue();
        reader.forEachCluster(
            (offset, data) -> {
              if (offset < length) {
                System.arraycopy(
                    data, 0, content, (int) offset, (int) Math.min(data.length, length - offset));
              }
            });
      }
      return content;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
