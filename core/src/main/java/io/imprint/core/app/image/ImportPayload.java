package io.imprint.core.app.image;

import io.imprint.core.app.job.JobKind;
import io.imprint.core.app.job.PayloadText;
import java.nio.file.Path;

/**
 * What an import job reads: a file under the import directory, with the size and file key (device
 * and inode) it had when the import was accepted, so the job can tell the same file from one put in
 * its place. Size -1 and an empty key: not known (a job queued before they were kept).
 */
public record ImportPayload(Path file, long size, String fileKey) {
  /**
   * {@code file=<absolute path>&size=<bytes>&key=<file key>}. Jobs queued before payloads had
   * fields hold the bare path, and are read as such (an absolute path never reads as fields: it
   * starts with a slash).
   */
  static final JobKind.Codec<ImportPayload> CODEC =
      new JobKind.Codec<>() {
        @Override
        public String encode(ImportPayload payload) {
          return PayloadText.write(
              "file",
              payload.file().toString(),
              "size",
              Long.toString(payload.size()),
              "key",
              payload.fileKey());
        }

        @Override
        public ImportPayload decode(String text) {
          return PayloadText.read(text)
              .map(
                  f ->
                      new ImportPayload(
                          Path.of(PayloadText.require(f, "file")),
                          Long.parseLong(f.getOrDefault("size", "-1")),
                          f.getOrDefault("key", "")))
              .orElseGet(() -> new ImportPayload(Path.of(text), -1, ""));
        }
      };
}
