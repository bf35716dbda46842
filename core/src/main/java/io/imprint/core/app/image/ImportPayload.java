package io.imprint.core.app.image;

import io.imprint.core.app.job.JobKind;
import io.imprint.core.app.job.PayloadText;
import java.nio.file.Path;

/** What an import job reads: a file under the import directory. */
public record ImportPayload(Path file) {
  /**
   * {@code file=<absolute path>}. Jobs queued before payloads had fields hold the bare path, and
   * are read as such (an absolute path never reads as fields: it starts with a slash).
   */
  static final JobKind.Codec<ImportPayload> CODEC =
      new JobKind.Codec<>() {
        @Override
        public String encode(ImportPayload payload) {
          return PayloadText.write("file", payload.file().toString());
        }

        @Override
        public ImportPayload decode(String text) {
          return new ImportPayload(
              Path.of(
                  PayloadText.read(text).map(f -> PayloadText.require(f, "file")).orElse(text)));
        }
      };
}
