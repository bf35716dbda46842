package io.imprint.core.app.image;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Reference;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.image.CaptureProgress;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageCreate;
import io.imprint.core.domain.image.ImageDates;
import io.imprint.core.domain.image.ImageEncryption;
import io.imprint.core.domain.image.ImageLifecycle;
import io.imprint.core.domain.image.ImageTransitions;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.core.domain.job.JobLifecycle;
import io.imprint.core.domain.volume.VolumeAttachment;
import io.imprint.core.domain.volume.VolumeTransitions;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.time.Duration;
import java.util.List;

/**
 * Images from boot volumes: the request with every precondition, the capture's progress, and
 * cancelling it. The capture itself is a durable job ({@link ImageCaptureJob}).
 */
public final class ImageCaptureService {
  private final Store store;
  private final Deployment deployment;
  private final Catalog catalog;
  private final DiskService disks;
  private final JobRunner jobs;
  private final ImageWrites writes;
  private final ImageCreation creation;

  ImageCaptureService(
      Store store,
      Deployment deployment,
      Catalog catalog,
      DiskService disks,
      JobRunner jobs,
      ImageWrites writes,
      ImageCreation creation) {
    this.store = store;
    this.deployment = deployment;
    this.catalog = catalog;
    this.disks = disks;
    this.jobs = jobs;
    this.writes = writes;
    this.creation = creation;
  }

  /**
   * {@code createImage} from a boot volume. Every precondition is checked in the same transaction
   * that writes: the image ({@code pending}, {@code image_request_queued}), the volume ({@code
   * busy}), the instance ({@code stopped_for_image_creation}) and the capture job; then a worker is
   * woken.
   */
  Image createImageFromVolume(ImageCreate.FromVolume request) {
    ImageDates.requireSchedule(request.deprecationAt(), request.obsolescenceAt(), deployment.now());
    var image =
        store.write(
            tx -> {
              var volumeId = request.sourceVolumeId();
              var volume =
                  tx.volumes()
                      .get(volumeId)
                      .orElseThrow(
                          () ->
                              ApiException.referenceNotFound("Volume", "source_volume", volumeId));
              var attachment = tx.volumeAttachments().findByVolume(volumeId);
              if (attachment.isPresent() && attachment.get().type() != VolumeAttachment.Type.BOOT) {
                throw ApiException.invalid(
                    ErrorCode.SOURCE_VOLUME_NOT_BOOT,
                    "source_volume",
                    volumeId,
                    "Volume "
                        + volume.name()
                        + " is a data volume; an image can be made only from an instance's boot volume.");
              }
              if (volume.operatingSystemName() == null) {
                throw ApiException.invalid(
                    ErrorCode.SOURCE_VOLUME_NO_OPERATING_SYSTEM,
                    "source_volume",
                    volumeId,
                    "Volume "
                        + volume.name()
                        + " has no operating system; only a boot volume made from an image can become an image.");
              }
              if (attachment.isEmpty()) {
                throw ApiException.invalid(
                    ErrorCode.SOURCE_VOLUME_NOT_ATTACHED,
                    "source_volume",
                    volumeId,
                    "Volume "
                        + volume.name()
                        + " is not attached to an instance; an image is made from the boot volume of a stopped instance.");
              }
              var instance = tx.instances().get(attachment.get().instanceId()).orElseThrow();
              if (instance.status() != InstanceStatus.STOPPED) {
                throw new ApiException(
                    ErrorCode.INSTANCE_NOT_STOPPED,
                    "Instance "
                        + instance.name()
                        + " is "
                        + instance.status().wire()
                        + "; stop it before creating an image from its boot volume.",
                    Target.field("source_volume", volumeId));
              }
              VolumeTransitions.requireKeyUsable(volume, "be captured into an image");
              if (volume.busy()) {
                throw new ApiException(
                    ErrorCode.VOLUME_BUSY,
                    "Volume "
                        + volume.name()
                        + " is busy with another image creation; wait for it to finish.",
                    Target.field("source_volume", volumeId));
              }
              if (volume.capacity() < 100 || volume.capacity() > 250) {
                throw ApiException.invalid(
                    ErrorCode.SOURCE_VOLUME_CAPACITY_UNSUPPORTED,
                    "source_volume",
                    volumeId,
                    "Volume "
                        + volume.name()
                        + " is "
                        + volume.capacity()
                        + " GB; images are made from boot volumes of 100 to 250 GB.");
              }
              var os = catalog.requireOperatingSystem(volume.operatingSystemName());
              var keyCrn =
                  ImageEncryption.keyOfCapture(request, volume.name(), volume.encryptionKeyCrn());
              if (keyCrn != null) {
                disks
                    .keys()
                    .requireUsableKey(
                        tx,
                        keyCrn,
                        request.common().encryptionKeyCrn() != null
                            ? "encryption_key.crn"
                            : "source_volume");
              }
              var created =
                  creation.insertPending(
                      tx,
                      request,
                      os,
                      volume.capacity(),
                      new Reference(volume.id(), volume.name()),
                      keyCrn);
              var stopped =
                  List.of(
                      new StatusReason(
                          Instance.STOPPED_FOR_IMAGE_CREATION,
                          "The instance stays stopped while an image is created from its boot volume."));
              if (!tx.volumes().update(volume.withBusy(true))
                  || !tx.instances().update(instance.withReasons(stopped))) {
                throw ApiException.conflict(
                    ErrorCode.CONFLICT, "The volume or its instance changed meanwhile; retry.");
              }
              jobs.enqueue(tx, ImageCaptureJob.KIND, created.id(), new CapturePayload(volume.id()));
              writes.record(
                  tx, Change.of(Subject.of(volume), "update", 201, "capture").with("busy", "true"));
              writes.record(
                  tx,
                  Change.of(Subject.of(instance), "update", 201, "capture")
                      .with("status", instance.status().wire())
                      .with("statusReason", Instance.STOPPED_FOR_IMAGE_CREATION));
              return created;
            });
    jobs.signal();
    return image;
  }

  /** Extension: the capture (or import) job of an image, with its progress. */
  public CaptureProgress getImageCapture(String id) {
    return store.read(
        tx -> {
          tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
          var job =
              tx.jobs()
                  .findByResource(ImageCaptureJob.KIND.name(), id)
                  .or(() -> tx.jobs().findByResource(ImageImportJob.KIND.name(), id))
                  .orElseThrow(() -> ApiException.notFound("Image capture", id));
          Long rate = null;
          Long eta = null;
          var times = job.times();
          var progress = job.progress();
          if (times.startedAt() != null) {
            // job times are real time (not a virtual clock): the rate runs to the last heartbeat or
            // the end
            var end = times.finishedAt() != null ? times.finishedAt() : times.updatedAt();
            long millis = Math.max(1, Duration.between(times.startedAt(), end).toMillis());
            rate = progress.bytesDone() * 1000 / millis;
            if (rate > 0) {
              eta =
                  job.state().isFinal()
                      ? 0L
                      : Math.max(0, progress.bytesTotal() - progress.bytesDone()) / rate;
            }
          }
          return new CaptureProgress(
              job.state().wire(),
              progress.bytesDone(),
              progress.bytesTotal(),
              times.startedAt(),
              times.updatedAt(),
              rate,
              eta);
        });
  }

  /**
   * The root key of an image being created was disabled or deleted: its capture or import stops
   * (queued or running, as a cancel does) and the image is {@code failed} in {@code tx}, the key's
   * transaction, with the key's reason. False when its creation is not under way.
   */
  public boolean stopCreationForKey(Tx tx, Image image, boolean keyDeleted) {
    var failed = ImageEncryption.creationStoppedByKey(image, keyDeleted);
    var job = ImageCreation.creationJob(tx, image.id());
    if (failed == null
        || job.isEmpty()
        || !JobLifecycle.allows(job.get().state(), JobLifecycle.Event.CANCELLED)
        || !creation.stopCreation(tx, job.get(), jobs, failed.statusReasons().getFirst().code())) {
      return false;
    }
    writes.update(tx, image, failed, "create", 200, "encryption_key");
    tx.afterCommit(disks::reclaim);
    return true;
  }

  /**
   * Extension, beyond IBM: stops a queued or running capture or import, releases a capture's volume
   * and instance, and leaves the image {@code failed} with a reason saying so, or deletes it.
   */
  public void cancelImageCapture(String id, boolean delete) {
    store.write(
        tx -> {
          var image = tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
          var job =
              ImageCreation.creationJob(tx, id)
                  .orElseThrow(
                      () ->
                          ApiException.conflict(
                              ErrorCode.INVALID_STATE,
                              "Image "
                                  + image.name()
                                  + " was not created by a capture or an import; nothing to"
                                  + " cancel."));
          if (!JobLifecycle.allows(job.state(), JobLifecycle.Event.CANCELLED)
              || !ImageTransitions.allows(
                  image.status(), ImageTransitions.Event.CREATION_CANCELLED)) {
            throw ApiException.conflict(
                ErrorCode.INVALID_STATE,
                "The creation of image "
                    + image.name()
                    + " has already ended ("
                    + job.state().wire()
                    + "); nothing to cancel.");
          }
          if (!creation.stopCreation(tx, job, jobs, "cancelled by the user")) {
            throw ApiException.conflict(
                ErrorCode.CONFLICT, "The creation changed meanwhile; retry.");
          }
          if (delete) {
            writes.delete(tx, image, "user");
          } else {
            writes.update(
                tx, image, ImageLifecycle.creationCancelled(image), "create", 202, "user");
          }
          return null;
        });
    disks.reclaim();
  }
}
