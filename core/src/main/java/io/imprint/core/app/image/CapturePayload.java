package io.imprint.core.app.image;

import io.imprint.core.app.job.JobKind;
import io.imprint.core.app.job.PayloadText;

/** What a capture job works from: the boot volume it captures. */
public record CapturePayload(String volumeId) {
  /**
   * {@code volume=<id>}. Jobs queued before payloads had fields hold the bare volume id, and are
   * read as such.
   */
  static final JobKind.Codec<CapturePayload> CODEC =
      new JobKind.Codec<>() {
        @Override
        public String encode(CapturePayload payload) {
          return PayloadText.write("volume", payload.volumeId());
        }

        @Override
        public CapturePayload decode(String text) {
          return new CapturePayload(
              PayloadText.read(text).map(f -> PayloadText.require(f, "volume")).orElse(text));
        }
      };
}
