package io.imprint.core.app.image;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.UniqueNames;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.app.resourcegroup.ResourceGroupService;
import io.imprint.core.domain.catalog.OperatingSystem;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Names;
import io.imprint.core.domain.common.Reference;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.image.AllowedUse;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageCreate;
import io.imprint.core.domain.image.ImageLifecycle;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.image.ImageTransitions;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeRules;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The steps a capture or import job takes an image through: started, content ready, failed. Each is
 * one transaction through {@link ImageLifecycle}; the job's own end is written in the same
 * transaction, so an image and its job never disagree about whether the work is done.
 */
final class ImageCreation {
  private final Store store;
  private final Deployment deployment;
  private final DiskService disks;
  private final ImageWrites writes;

  ImageCreation(Store store, Deployment deployment, DiskService disks, ImageWrites writes) {
    this.store = store;
    this.deployment = deployment;
    this.disks = disks;
    this.writes = writes;
  }

  /**
   * A new custom image, {@code pending} with {@code image_request_queued}, inserted and announced
   * in {@code tx}: the name given (or a generated one that is free), the resource group given (or
   * the default), the dates checked.
   */
  Image insertPending(
      Tx tx,
      ImageCreate request,
      OperatingSystem os,
      Integer minimumProvisionedSize,
      Reference sourceVolume,
      String encryptionKeyCrn) {
    var name = UniqueNames.orGenerated(tx.images(), request.name(), deployment.random());
    requireCustomName(name);
    UniqueNames.requireUnused(tx.images(), "image", "name", name);
    var group =
        ResourceGroupService.resolveForCreate(tx, request.resourceGroupId(), "resource_group.id");
    var allowedUse =
        request.allowedUse() == null
            ? AllowedUse.unconstrained(request.apiVersion())
            : request.allowedUse();
    var created =
        new Image(
            deployment.ids().regional(),
            name,
            ImageLifecycle.requested(request.deprecationAt(), request.obsolescenceAt()),
            new Image.Owner(Image.Visibility.PRIVATE, deployment.accountId(), group.id(), false),
            Image.File.empty(minimumProvisionedSize, encryptionKeyCrn),
            new Image.Origin(os.name(), os.userDataFormat(), sourceVolume, allowedUse),
            deployment.now(),
            0);
    UniqueNames.guard("image", "name", name, () -> writes.create(tx, created, "user"));
    // the key protects the image from its creation to its deletion, content or not
    disks.keys().register(tx, writes.protection(created));
    return created;
  }

  /** Custom image names follow IBM's pattern, and {@code ibm-} is the stock catalog's. */
  static void requireCustomName(String name) {
    Names.requireValid("name", name);
    if (name.startsWith("ibm-")) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_INVALID_NAME,
          "name",
          name,
          "Names starting with ibm- are reserved for IBM's stock images.");
    }
  }

  /**
   * A worker took the job: {@code pending} with {@code image_request_in_progress}, read and written
   * in one transaction; empty when the image is gone or no longer pending (nothing to do).
   */
  Optional<Image> started(String id) {
    return store.write(
        tx -> {
          var image = tx.images().get(id);
          if (image.isEmpty() || image.get().status() != ImageStatus.PENDING) {
            return Optional.<Image>empty();
          }
          var started = ImageLifecycle.creationStarted(image.get());
          writes.update(tx, image.get(), started, "create", 200, "job");
          return Optional.of(started);
        });
  }

  /**
   * The content is complete: {@code available} with size, checksum and the smallest boot volume. A
   * capture passes its source volume, released (with its instance) in the same transaction, so
   * nobody sees an available image whose volume is still busy. {@code finishJob} ends the job in
   * that transaction too.
   */
  void contentReady(
      String id, int minimumProvisionedGb, String sourceVolumeId, Consumer<Tx> finishJob) {
    var sha = disks.checksum(id);
    int sizeGb = (int) Math.max(1, (disks.storedBytes(id) + Disk.GB - 1) / Disk.GB);
    store.write(
        tx -> {
          var image = tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
          var ready =
              ImageLifecycle.contentReady(image, deployment.now())
                  .withContent(
                      sizeGb, sha, Math.max(minimumProvisionedGb, VolumeRules.BOOT_MIN_GB));
          writes.update(tx, image, ready, "create", 200, "job");
          if (sourceVolumeId != null) {
            releaseSource(tx, sourceVolumeId);
          }
          finishJob.accept(tx);
          return null;
        });
  }

  /** The import or capture job that creates image {@code id}, if one made it. */
  static Optional<Job> creationJob(Tx tx, String id) {
    return Stream.of(ImageImportJob.KIND.name(), ImageCaptureJob.KIND.name())
        .map(kind -> tx.jobs().findByResource(kind, id))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /**
   * Cancels the job creating an image, queued or running (a running worker stops at its next
   * progress report, and anything it writes later is refused), releases a capture's source volume
   * and drops the content written so far. False when the job changed meanwhile.
   */
  boolean stopCreation(Tx tx, Job job, JobRunner jobs, String reason) {
    if (!jobs.cancel(tx, job, reason)) {
      return false;
    }
    if (job.kind().equals(ImageCaptureJob.KIND.name())) {
      releaseSource(tx, ImageCaptureJob.KIND.payloadOf(job).volumeId());
    }
    if (tx.disks().getDisk(job.resourceId()).isPresent()) {
      disks.deleteDisk(tx, job.resourceId());
    }
    return true;
  }

  /** The creation failed for good: {@code failed} with the reasons, and no content left behind. */
  void failed(String id, List<StatusReason> reasons, String sourceVolumeId) {
    store.write(
        tx -> {
          var image = tx.images().get(id);
          if (image.isPresent()
              && ImageTransitions.allows(
                  image.get().status(), ImageTransitions.Event.CREATION_FAILED)) {
            writes.update(
                tx,
                image.get(),
                ImageLifecycle.creationFailed(image.get(), reasons),
                "create",
                200,
                "job");
          }
          if (sourceVolumeId != null) {
            releaseSource(tx, sourceVolumeId);
          }
          if (tx.disks().getDisk(id).isPresent()) {
            disks.deleteDisk(tx, id);
          }
          return null;
        });
    disks.reclaim();
  }

  /**
   * The capture ended (or was cancelled): the volume is no longer busy and the instance may start
   * again.
   */
  void releaseSource(Tx tx, String volumeId) {
    tx.volumes()
        .get(volumeId)
        .filter(Volume::busy)
        .ifPresent(
            v -> {
              requireWritten(tx.volumes().update(v.withBusy(false)), "volume " + v.name());
              writes.record(
                  tx, Change.of(Subject.of(v), "update", 200, "capture").with("busy", "false"));
            });
    tx.volumeAttachments()
        .findByVolume(volumeId)
        .flatMap(a -> tx.instances().get(a.instanceId()))
        .filter(Instance::isStoppedForImageCreation)
        .ifPresent(
            i -> {
              requireWritten(
                  tx.instances().update(i.withReasons(List.of())), "instance " + i.name());
              writes.record(
                  tx,
                  Change.of(Subject.of(i), "update", 200, "capture")
                      .with("status", i.status().wire()));
            });
  }

  private static void requireWritten(boolean written, String what) {
    if (!written) {
      throw ApiException.conflict(ErrorCode.CONFLICT, "The " + what + " changed meanwhile; retry.");
    }
  }
}
