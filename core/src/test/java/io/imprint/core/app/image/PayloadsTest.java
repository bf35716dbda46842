package io.imprint.core.app.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.domain.job.Job;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The payloads of captures and imports: what a job stores reads back as the same record, and jobs
 * queued by versions that stored the bare value still run.
 */
class PayloadsTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  void a_capture_payload_reads_back_as_it_was_written() {
    var payload = new CapturePayload("r006-5c7e8a3b-volume");
    var job = job(ImageCaptureJob.KIND.name(), CapturePayload.CODEC.encode(payload));
    assertThat(job.payload()).isEqualTo("volume=r006-5c7e8a3b-volume");
    assertThat(ImageCaptureJob.KIND.payloadOf(job)).isEqualTo(payload);
  }

  @Test
  void a_capture_queued_by_an_older_version_names_its_volume_bare() {
    var job = job(ImageCaptureJob.KIND.name(), "r006-5c7e8a3b-volume");
    assertThat(ImageCaptureJob.KIND.payloadOf(job))
        .isEqualTo(new CapturePayload("r006-5c7e8a3b-volume"));
  }

  @Test
  void an_import_payload_reads_back_as_it_was_written_whatever_the_file_is_called() {
    var payload =
        new ImportPayload(
            Path.of("/data/import/my disk&copy=2.qcow2"), 5_368_709_120L, "(dev=803,ino=131)");
    var job = job(ImageImportJob.KIND.name(), ImportPayload.CODEC.encode(payload));
    assertThat(job.payload()).startsWith("file=");
    assertThat(ImageImportJob.KIND.payloadOf(job)).isEqualTo(payload);
  }

  @Test
  void an_import_queued_by_an_older_version_names_its_file_bare() {
    var job = job(ImageImportJob.KIND.name(), "/data/import/a=b.img");
    assertThat(ImageImportJob.KIND.payloadOf(job))
        .isEqualTo(new ImportPayload(Path.of("/data/import/a=b.img"), -1, ""));
  }

  @Test
  void an_import_queued_before_its_file_was_identified_reads_with_size_and_key_unknown() {
    var job = job(ImageImportJob.KIND.name(), "file=%2Fdata%2Fimport%2Fa.img");
    assertThat(ImageImportJob.KIND.payloadOf(job))
        .isEqualTo(new ImportPayload(Path.of("/data/import/a.img"), -1, ""));
  }

  private static Job job(String kind, String payload) {
    return Job.queued("job-1", new Job.Work(kind, "image-1", payload), NOW, NOW);
  }
}
