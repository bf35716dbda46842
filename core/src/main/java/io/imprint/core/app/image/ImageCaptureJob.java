package io.imprint.core.app.image;

import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.job.JobHandler;
import io.imprint.core.app.job.JobKind;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.image.ImageEncryption;
import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeStatus;
import io.imprint.core.domain.volume.VolumeTransitions;
import io.imprint.core.port.Store;
import java.util.List;
import java.util.Optional;

/**
 * Captures a boot volume into an image ({@code ImagePrototypeImageBySourceVolume}). The image's
 * disk starts as a copy-on-write clone of the volume's: one transaction that copies the chunk map,
 * so the image's content is frozen at that instant and later writes to the volume never reach it.
 * With the same root key it shares the volume's data key and that is all. With another root key the
 * clone gets a fresh data key under the image's key, and every chunk is then sealed again under it
 * ({@link DiskService#reencrypt}), chunks in parallel, reporting bytes done of bytes written; a
 * cancel stops it at its next report. Then the checksum is computed (of the plaintext, so a
 * re-encryption keeps it), the image becomes {@code available}, and the volume and instance are
 * released. Each step checks what is already done, so a re-run after a crash finishes the same
 * image: the clone is made once, and the re-encryption skips chunks already under the new key.
 */
public final class ImageCaptureJob implements JobHandler<CapturePayload> {
  public static final JobKind<CapturePayload> KIND =
      new JobKind<>("image.capture", CapturePayload.CODEC, true);

  private final Store store;
  private final DiskService disks;
  private final ImageCreation creation;
  private final ImageWrites writes;

  ImageCaptureJob(Store store, DiskService disks, ImageCreation creation, ImageWrites writes) {
    this.store = store;
    this.disks = disks;
    this.creation = creation;
    this.writes = writes;
  }

  @Override
  public JobKind<CapturePayload> kind() {
    return KIND;
  }

  @Override
  public void run(Job job, CapturePayload payload, Progress progress) throws Exception {
    var image = creation.started(job.resourceId());
    if (image.isEmpty()) {
      return;
    }
    var imageId = image.get().id();
    var volumeId = payload.volumeId();
    boolean rekey =
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
                disks.cloneDisk(
                    tx,
                    volumeId,
                    imageId,
                    (long) volume.capacity() * Disk.GB,
                    writes.protection(image.get()));
              }
              // the clone shares the volume's data key exactly when both have the same root key
              var imageKey = tx.disks().getDisk(imageId).orElseThrow().dataKeyId();
              return tx.disks()
                  .getDisk(volumeId)
                  .map(v -> !v.dataKeyId().equals(imageKey))
                  .orElse(true);
            });
    if (rekey) {
      disks.reencrypt(imageId, progress::report);
    } else {
      long total = store.read(tx -> tx.disks().chunkStats(imageId)[1]);
      progress.report(total, total);
    }
    creation.contentReady(
        imageId, image.get().minimumProvisionedSize(), volumeId, progress::succeedIn);
  }

  @Override
  public void failed(Job job, CapturePayload payload, String reason) {
    var volumeId = payload == null ? null : payload.volumeId();
    creation.failed(job.resourceId(), List.of(failure(volumeId, reason)), volumeId);
  }

  /**
   * A source volume under a root key that was disabled or deleted while its chunks were being read
   * is unusable with the key's reason (a volume is unusable for no other), and that, not corrupt
   * data, is why the capture failed.
   */
  private StatusReason failure(String volumeId, String cause) {
    var source =
        volumeId == null ? Optional.<Volume>empty() : store.read(tx -> tx.volumes().get(volumeId));
    return source
        .filter(v -> v.status() == VolumeStatus.UNUSABLE)
        .map(
            v ->
                ImageEncryption.captureStoppedBySourceKey(
                    v.name(), v.encryptionKeyCrn(), VolumeTransitions.isKeyDeleted(v)))
        .orElseGet(
            () ->
                new StatusReason(
                    "image_data_corrupted",
                    "The image could not be created from the volume: " + cause));
  }
}
