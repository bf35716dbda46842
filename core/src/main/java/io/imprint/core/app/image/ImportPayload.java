package io.imprint.core.app.image;

import io.imprint.core.app.job.JobKind;
import io.imprint.core.app.job.PayloadText;
import java.nio.file.Path;

/**
 * What an import job reads: a file under the import directory, with the size and file key (device
 * and inode) it had when the import was accepted, so the job can tell the same file from one put in
 * its place. Size -1 and an empty key: not known (a job queued before they were kept). {@code
 * encryptedDataKey} is the request's {@code encrypted_data_key} (base64, the passphrase of a LUKS
 * qcow2 wrapped by the image's root key), empty when none was given; it stays wrapped at rest.
 */
public record ImportPayload(Path file, long size, String fileKey, String encryptedDataKey) {
  public ImportPayload(Path file, long size, String fileKey) {
    this(file, size, fileKey, "");
  }

  ImportPayload withEncryptedDataKey(String wrapped) {
    return new ImportPayload(file, size, fileKey, wrapped == null ? "" : wrapped);
  }

  /**
   * {@code file=<absolute path>&size=<bytes>&key=<file key>}, and {@code &data_key=<base64>} when
   * an encrypted data key was given. Jobs queued before payloads had fields hold the bare path, and
   * are read as such (an absolute path never reads as fields: it starts with a slash).
   */
  static final JobKind.Codec<ImportPayload> CODEC =
      new JobKind.Codec<>() {
        @Override
        public String encode(ImportPayload payload) {
          var fields =
              PayloadText.write(
                  "file",
                  payload.file().toString(),
                  "size",
                  Long.toString(payload.size()),
                  "key",
                  payload.fileKey());
          return payload.encryptedDataKey().isEmpty()
              ? fields
              : fields + "&" + PayloadText.write("data_key", payload.encryptedDataKey());
        }

        @Override
        public ImportPayload decode(String text) {
          return PayloadText.read(text)
              .map(
                  f ->
                      new ImportPayload(
                          Path.of(PayloadText.require(f, "file")),
                          Long.parseLong(f.getOrDefault("size", "-1")),
                          f.getOrDefault("key", ""),
                          f.getOrDefault("data_key", "")))
              .orElseGet(() -> new ImportPayload(Path.of(text), -1, ""));
        }
      };
}
