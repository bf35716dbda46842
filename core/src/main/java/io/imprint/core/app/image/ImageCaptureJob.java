package io.imprint.core.app.image;

import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.job.JobHandler;
import io.imprint.core.app.job.JobKind;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.job.Job;
import io.imprint.core.port.Store;
import java.util.List;

/**
 * Captures a boot volume into an image ({@code ImagePrototypeImageBySourceVolume}). With the same
 * root key the image's disk is a copy-on-write clone of the volume's: one transaction that copies
 * the chunk map, so the image's content is frozen at that instant and later writes to the volume
 * never reach it. Then the checksum is computed, the image becomes {@code available}, and the
 * volume and instance are released. Each step checks what is already done, so a re-run after a
 * crash finishes the same image.
 */
public final class ImageCaptureJob implements JobHandler<CapturePayload> {
  public static final JobKind<CapturePayload> KIND =
      new JobKind<>("image.capture", CapturePayload.CODEC, true);

  private final Store store;
  private final DiskService disks;
  private final ImageCreation creation;

  ImageCaptureJob(Store store, DiskService disks, ImageCreation creation) {
    this.store = store;
    this.disks = disks;
    this.creation = creation;
  }

  @Override
  public JobKind<CapturePayload> kind() {
    return KIND;
  }

  @Override
  public void run(Job job, CapturePayload payload, Progress progress) {
    var image = creation.started(job.resourceId());
    if (image.isEmpty()) {
      return;
    }
    var imageId = image.get().id();
    var volumeId = payload.volumeId();
    long total =
        store.write(
            tx -> {
              if (tx.disks().getDisk(imageId).isEmpty()) {
                var volume =
                    tx.volumes()
                        .get(volumeId)
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "the source volume " + volumeId + " is gone"));
                disks.cloneDisk(tx, volumeId, imageId, (long) volume.capacity() * Disk.GB);
              }
              return tx.disks().chunkStats(imageId)[1];
            });
    progress.report(total, total);
    creation.contentReady(
        imageId, image.get().minimumProvisionedSize(), volumeId, progress::succeedIn);
  }

  @Override
  public void failed(Job job, CapturePayload payload, String reason) {
    creation.failed(
        job.resourceId(),
        List.of(
            new StatusReason(
                "image_data_corrupted",
                "The image could not be created from the volume: " + reason)),
        payload == null ? null : payload.volumeId());
  }
}
