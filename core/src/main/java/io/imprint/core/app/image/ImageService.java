package io.imprint.core.app.image;

import io.imprint.core.domain.image.CaptureProgress;
import io.imprint.core.domain.image.ImageFilter;

import io.imprint.core.domain.image.AllowedUse;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageCreate;
import io.imprint.core.domain.image.ImageDates;
import io.imprint.core.domain.image.ImageLifecycle;
import io.imprint.core.domain.image.ImagePatch;
import io.imprint.core.domain.image.ImageStatus;

import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.catalog.OperatingSystem;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Names;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.common.Reference;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.common.Target;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.domain.job.JobState;
import io.imprint.core.app.resourcegroup.ResourceGroupService;
import io.imprint.core.app.common.UniqueNames;
import java.nio.file.Path;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.event.ChangeEvent;
import io.imprint.core.port.Events;
import io.imprint.core.app.disk.DiskService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.imprint.core.port.ImageRepository;
import io.imprint.core.port.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.time.Duration;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.util.function.Function;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceStatus;
import java.time.Instant;
import org.slf4j.LoggerFactory;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import io.imprint.core.port.Tx;
import java.net.URI;
import java.util.function.UnaryOperator;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeAttachment;
import io.imprint.core.domain.volume.VolumeRules;

/** Images: the public stock catalog and the account's own images. One method per IBM operation. */
public final class ImageService {
  /**
   * Images the scheduler moves per transaction: enough to amortise a commit, few enough that an API write waits at
   * most ~50 ms behind a batch (4,000 per batch measured 8 % faster on 100,000 due images, at 4x the wait).
   */
  private static final int LIFECYCLE_BATCH = 1000;
  /** IBM's stock images keep their boot volumes at 100 GB at least. */
  public static final int STOCK_MINIMUM_PROVISIONED_SIZE = 100;
  static final StatusReason QUEUED =
      new StatusReason("image_request_queued", "The image request is accepted and waiting for system resources to become available.");
  static final StatusReason IN_PROGRESS = new StatusReason("image_request_in_progress", "The image is being created.");

  private final Store store;
  private final Deployment deployment;
  private final Catalog catalog;
  private final DiskService disks;
  private final JobRunner jobs;
  private final Path importDir;
  private final Events events;
  private volatile Runnable lifecycleChanged = () -> { };
  private final CountDownLatch stockReady = new CountDownLatch(1);
  private volatile List<Runnable> stockContentMissing = List.of();
  /**
   * While the sample disks of a first start are written, reading images waits for them (a second at most), so that
   * no stock image is ever shown without its size and checksum.
   */
  private volatile boolean stockWriting;

  public ImageService(
      Store store, Deployment deployment, Catalog catalog, DiskService disks, JobRunner jobs, Path importDir, Events events) {
    this.events = events;
    this.store = store;
    this.deployment = deployment;
    this.catalog = catalog;
    this.disks = disks;
    this.jobs = jobs;
    this.importDir = importDir.toAbsolutePath().normalize();
  }

  /**
   * {@code createImage}. From a file: the file must lie under the configured import directory (a {@code file://}
   * href); the import runs as a durable job and the image answers {@code pending} at once.
   */
  public Image createImage(ImageCreate request) {
    if (request.fileHref() != null && request.sourceVolumeId() != null || request.fileHref() == null && request.sourceVolumeId() == null) {
      throw new ApiException(ErrorCode.VALIDATION_ONLY_ONE,
          "Give exactly one of file (import from a file) or source_volume (image from a boot volume).", Target.field("file"));
    }
    if (request.encryptionKeyGiven()) {
      throw new ApiException(ErrorCode.INVALID_VALUE,
          "encryption_key and encrypted_data_key are not supported yet: customer root keys arrive with Key Protect support.",
          Target.field("encryption_key"));
    }
    if (request.sourceVolumeId() != null) {
      return captureImage(request);
    }
    var os = catalog.operatingSystem(request.operatingSystemName())
        .orElseThrow(() -> ApiException.referenceNotFound("Operating system", "operating_system.name", request.operatingSystemName()));
    var file = importFile(request.fileHref());
    ImageDates.requireSchedule(request.deprecationAt(), request.obsolescenceAt(), deployment.now());
    var image = store.write(tx -> {
      var name = UniqueNames.orGenerated(tx.images(), request.name(), deployment.random());
      requireCustomName(name);
      UniqueNames.requireUnused(tx.images(), "image", "name", name);
      var group = ResourceGroupService.resolveForCreate(tx, request.resourceGroupId(), "resource_group.id");
      var created = new Image(
          deployment.ids().regional(), name, ImageStatus.PENDING, List.of(QUEUED), Image.Visibility.PRIVATE,
          deployment.accountId(), "none", null, null, null, null, os.name(), os.userDataFormat(), group.id(), false,
          request.allowedUse() == null ? AllowedUse.unconstrained(request.apiVersion()) : request.allowedUse(),
          request.deprecationAt(), request.obsolescenceAt(), null, deployment.now(), 0);
      UniqueNames.guard("image", "name", name, () -> tx.images().insert(created));
      jobs.enqueue(tx, ImageImportJob.KIND, created.id(), file.toString());
      events.emitAfterCommit(tx, new ChangeEvent("is.image.image.create", "image", created.id(), null, "pending", "user", QUEUED.code(), deployment.now()));
      return created;
    });
    jobs.signal();
    return image;
  }

  /**
   * An image from the boot volume of a stopped instance. Every precondition is checked in the same transaction that
   * writes: the image ({@code pending}, {@code image_request_queued}), the volume ({@code busy}), the instance
   * ({@code stopped_for_image_creation}) and the capture job; then a worker is woken.
   */
  private Image captureImage(ImageCreate request) {
    ImageDates.requireSchedule(request.deprecationAt(), request.obsolescenceAt(), deployment.now());
    var image = store.write(tx -> {
      var volumeId = request.sourceVolumeId();
      var volume = tx.volumes().get(volumeId).orElseThrow(() -> ApiException.referenceNotFound("Volume", "source_volume", volumeId));
      var attachment = tx.volumeAttachments().findByVolume(volumeId);
      if (attachment.isPresent() && attachment.get().type() != VolumeAttachment.Type.BOOT) {
        throw ApiException.invalid(ErrorCode.SOURCE_VOLUME_NOT_BOOT, "source_volume", volumeId,
            "Volume " + volume.name() + " is a data volume; an image can be made only from an instance's boot volume.");
      }
      if (volume.operatingSystemName() == null) {
        throw ApiException.invalid(ErrorCode.SOURCE_VOLUME_NO_OPERATING_SYSTEM, "source_volume", volumeId,
            "Volume " + volume.name() + " has no operating system; only a boot volume made from an image can become an image.");
      }
      if (attachment.isEmpty()) {
        throw ApiException.invalid(ErrorCode.SOURCE_VOLUME_NOT_ATTACHED, "source_volume", volumeId,
            "Volume " + volume.name() + " is not attached to an instance; an image is made from the boot volume of a stopped instance.");
      }
      var instance = tx.instances().get(attachment.get().instanceId()).orElseThrow();
      if (instance.status() != InstanceStatus.STOPPED) {
        throw new ApiException(ErrorCode.INSTANCE_NOT_STOPPED,
            "Instance " + instance.name() + " is " + instance.status().wire() + "; stop it before creating an image from its boot volume.",
            Target.field("source_volume", volumeId));
      }
      if (volume.busy()) {
        throw new ApiException(ErrorCode.VOLUME_BUSY,
            "Volume " + volume.name() + " is busy with another image creation; wait for it to finish.", Target.field("source_volume", volumeId));
      }
      if (volume.capacity() < 100 || volume.capacity() > 250) {
        throw ApiException.invalid(ErrorCode.SOURCE_VOLUME_CAPACITY_UNSUPPORTED, "source_volume", volumeId,
            "Volume " + volume.name() + " is " + volume.capacity() + " GB; images are made from boot volumes of 100 to 250 GB.");
      }
      var os = catalog.requireOperatingSystem(volume.operatingSystemName());
      var name = UniqueNames.orGenerated(tx.images(), request.name(), deployment.random());
      requireCustomName(name);
      UniqueNames.requireUnused(tx.images(), "image", "name", name);
      var group = ResourceGroupService.resolveForCreate(tx, request.resourceGroupId(), "resource_group.id");
      var created = new Image(
          deployment.ids().regional(), name, ImageStatus.PENDING, List.of(QUEUED), Image.Visibility.PRIVATE,
          deployment.accountId(), "none", null, null, null, volume.capacity(), os.name(), os.userDataFormat(), group.id(), false,
          request.allowedUse() == null ? AllowedUse.unconstrained(request.apiVersion()) : request.allowedUse(),
          request.deprecationAt(), request.obsolescenceAt(), new Reference(volume.id(), volume.name()), deployment.now(), 0);
      UniqueNames.guard("image", "name", name, () -> tx.images().insert(created));
      if (!tx.volumes().update(volume.withBusy(true))
          || !tx.instances().update(instance.withReasons(List.of(new StatusReason(
              Instance.STOPPED_FOR_IMAGE_CREATION,
              "The instance stays stopped while an image is created from its boot volume."))))) {
        throw ApiException.conflict(ErrorCode.CONFLICT, "The volume or its instance changed meanwhile; retry.");
      }
      jobs.enqueue(tx, ImageCaptureJob.KIND, created.id(), volume.id());
      events.emitAfterCommit(tx, new ChangeEvent("is.image.image.create", "image", created.id(), null, "pending", "user", QUEUED.code(), deployment.now()));
      events.emitAfterCommit(tx, new ChangeEvent("is.volume.volume.update", "volume", volume.id(), "not busy", "busy", "capture", null, deployment.now()));
      events.emitAfterCommit(tx, new ChangeEvent("is.instance.instance.update", "instance", instance.id(), "stopped", "stopped", "capture",
          Instance.STOPPED_FOR_IMAGE_CREATION, deployment.now()));
      return created;
    });
    jobs.signal();
    return image;
  }

  /** The capture ended (or was cancelled): the volume is no longer busy and the instance may start again. */
  void releaseSource(Tx tx, String volumeId) {
    tx.volumes().get(volumeId).filter(Volume::busy).ifPresent(v -> {
      tx.volumes().update(v.withBusy(false));
      events.emitAfterCommit(tx, new ChangeEvent("is.volume.volume.update", "volume", v.id(), "busy", "not busy", "capture", null, deployment.now()));
    });
    tx.volumeAttachments().findByVolume(volumeId)
        .flatMap(a -> tx.instances().get(a.instanceId()))
        .filter(Instance::isStoppedForImageCreation)
        .ifPresent(i -> {
          tx.instances().update(i.withReasons(List.of()));
          events.emitAfterCommit(tx, new ChangeEvent("is.instance.instance.update", "instance", i.id(), i.status().wire(), i.status().wire(),
              "capture", "image creation ended", deployment.now()));
        });
  }

  /** {@code deprecateImage}: at once, setting {@code deprecation_at} to now. */
  public void deprecateImage(String id) {
    transition(id, "is.image.image.deprecate", image -> ImageLifecycle.deprecate(image, deployment.now()));
  }

  /** {@code obsoleteImage}: at once, setting {@code obsolescence_at} to now. */
  public void obsoleteImage(String id) {
    transition(id, "is.image.image.obsolete", image -> ImageLifecycle.obsolete(image, deployment.now()));
  }

  /**
   * {@code updateImage}, a merge patch: {@code name}, the lifecycle dates (an explicit null clears one), and
   * {@code allowed_use}. The new status follows from the dates through the lifecycle table.
   */
  public Image updateImage(String id, ImagePatch patch) {
    var updated = store.write(tx -> {
      var image = tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
      if (image.status() == ImageStatus.DELETING) {
        throw ApiException.conflict(ErrorCode.INVALID_STATE, "Image " + image.name() + " is being deleted.");
      }
      if (!image.ownerAccountId().equals(deployment.accountId())) {
        throw ApiException.conflict(ErrorCode.INVALID_STATE, "Image " + image.name() + " belongs to another account and cannot be changed.");
      }
      var next = image;
      if (patch.name() != null && !patch.name().equals(image.name())) {
        requireCustomName(patch.name());
        UniqueNames.requireUnused(tx.images(), "image", "name", patch.name());
        next = next.withName(patch.name());
      }
      if (patch.changesDates()) {
        var state = ImageLifecycle.schedule(image, patch.deprecationAt(), patch.clearDeprecationAt(), patch.obsolescenceAt(),
            patch.clearObsolescenceAt(), deployment.now());
        next = next.withLifecycle(state);
      }
      if (patch.allowedUse() != null) {
        next = next.withAllowedUse(patch.allowedUse());
      }
      var toWrite = next;
      UniqueNames.guard("image", "name", toWrite.name(), () -> {
        if (!tx.images().update(toWrite)) {
          throw ApiException.conflict(ErrorCode.CONFLICT, "The image changed while it was being updated; retry.");
        }
      });
      if (toWrite.status() != image.status()) {
        imageChanged(tx, image, toWrite.status(), toWrite.statusReasons(), "user");
      }
      return tx.images().get(id).orElseThrow();
    });
    lifecycleChanged.run();
    return updated;
  }

  /**
   * Applies every lifecycle date that has come, in batches, each change a compare-and-set so that two schedulers
   * (threads or nodes) apply it exactly once. Returns how many images changed.
   */
  public int applyDueLifecycle() {
    int changed = 0;
    while (true) {
      var now = deployment.now();
      // one batch per transaction: a read of whole images and one batched compare-and-set write, so 100,000 dates
      // falling due at once cost 100 round trips, not 200,000
      int[] seen = {0};
      // the events go out after the commit, so a failed commit announces nothing that did not happen
      var moved = store.write(tx -> {
        var due = tx.images().dueForLifecycle(now, LIFECYCLE_BATCH);
        seen[0] = due.size();
        var before = new ArrayList<Image>(due.size());
        var after = new ArrayList<Image>(due.size());
        for (var image : due) {
          var state = ImageLifecycle.due(image, now);
          if (state != null) {
            before.add(image);
            after.add(image.withLifecycle(state));
          }
        }
        var won = tx.images().updateStatuses(after);
        var changes = new ArrayList<ChangeEvent>();
        for (int i = 0; i < won.length; i++) {
          if (won[i]) {
            var from = before.get(i).status();
            var to = after.get(i).status();
            changes.add(new ChangeEvent(to == ImageStatus.OBSOLETE ? "is.image.image.obsolete" : "is.image.image.deprecate",
                "image", after.get(i).id(), from.wire(), to.wire(), "schedule", null, now));
          }
        }
        return changes;
      });
      moved.forEach(events::emit);
      int batch = moved.size();
      changed += batch;
      if (batch == 0 || seen[0] < LIFECYCLE_BATCH) {
        return changed;
      }
    }
  }

  /**
   * Gives every advance warning whose moment has come ({@code image.lifecycle.warning}, with the due date), each
   * exactly once: the warning is recorded with a unique key before the event goes out. When a shorter lead's moment
   * has come too (a date set three days ahead is already inside the 7-day lead), the longer warning is recorded
   * without an event: it would only repeat the shorter one with a wrong amount of time left.
   */
  public int giveLifecycleWarnings(List<Duration> leads) {
    int given = 0;
    var now = deployment.now();
    for (var lead : leads) {
      var shorter = leads.stream().filter(l -> l.compareTo(lead) < 0).toList();
      while (true) {
        var due = store.read(tx -> tx.images().dueWarnings(now, lead, 1000));
        var announce = new ArrayList<ImageRepository.Warning>();
        store.write(tx -> {
          for (var warning : due) {
            boolean superseded = shorter.stream().anyMatch(l -> !warning.dueAt().minus(l).isAfter(now));
            if (tx.images().recordWarning(warning) && !superseded) {
              announce.add(warning);
            }
          }
          return null;
        });
        for (var warning : announce) {
          events.emit(new ChangeEvent("image.lifecycle.warning", "image", warning.imageId(), null, null, "schedule",
              warning.event() + " at " + warning.dueAt() + " (warned " + lead + " before)", now));
        }
        given += announce.size();
        if (due.size() < 1000) {
          break;
        }
      }
    }
    return given;
  }

  /** The next moment a lifecycle date will move an image, or an advance warning falls due. */
  public Optional<Instant> nextLifecycleDue(List<Duration> leads) {
    return store.read(tx -> {
      var now = deployment.now();
      var next = tx.images().nextLifecycleDue(now);
      for (var lead : leads) {
        var warning = tx.images().nextWarningDue(now, lead);
        if (warning.isPresent() && (next.isEmpty() || warning.get().isBefore(next.get()))) {
          next = warning;
        }
      }
      return next;
    });
  }

  /** Called when dates change, so the scheduler can wake for an earlier due moment. */
  public void onLifecycleChange(Runnable listener) {
    this.lifecycleChanged = listener;
  }

  private void transition(String id, String action, Function<Image, ImageLifecycle.State> rule) {
    var event = store.write(tx -> {
      var image = tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
      var state = rule.apply(image);
      if (!tx.images().update(image.withLifecycle(state))) {
        throw ApiException.conflict(ErrorCode.CONFLICT, "The image changed meanwhile; retry.");
      }
      return new ChangeEvent(action, "image", id, image.status().wire(), state.status().wire(), "user", null, deployment.now());
    });
    events.emit(event);
    lifecycleChanged.run();
  }

  /** The capture (or import) job of an image, with its progress. */
  public CaptureProgress getImageCapture(String id) {
    return store.read(tx -> {
      tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
      var job = tx.jobs().findByResource(ImageCaptureJob.KIND, id)
          .or(() -> tx.jobs().findByResource(ImageImportJob.KIND, id))
          .orElseThrow(() -> ApiException.notFound("Image capture", id));
      Long rate = null;
      Long eta = null;
      if (job.startedAt() != null) {
        // job times are real time (not a virtual clock): the rate runs to the last heartbeat or the end
        var end = job.finishedAt() != null ? job.finishedAt() : job.updatedAt();
        long millis = Math.max(1, Duration.between(job.startedAt(), end).toMillis());
        rate = job.bytesDone() * 1000 / millis;
        if (rate > 0) {
          eta = job.state().isFinal() ? 0L : Math.max(0, job.bytesTotal() - job.bytesDone()) / rate;
        }
      }
      return new CaptureProgress(job.state().wire(), job.bytesDone(), job.bytesTotal(), job.startedAt(), job.updatedAt(), rate, eta);
    });
  }

  /**
   * Extension, beyond IBM: stops a queued or running capture, releases the volume and the instance, and leaves the
   * image {@code failed} with a reason saying so, or deletes it.
   */
  public void cancelImageCapture(String id, boolean delete) {
    store.write(tx -> {
      var image = tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
      var job = tx.jobs().findByResource(ImageCaptureJob.KIND, id)
          .orElseThrow(() -> ApiException.conflict(ErrorCode.INVALID_STATE, "Image " + image.name() + " was not created from a volume."));
      if (job.state().isFinal() || image.status() != ImageStatus.PENDING) {
        throw ApiException.conflict(ErrorCode.INVALID_STATE,
            "The capture of image " + image.name() + " has already ended (" + job.state().wire() + "); nothing to cancel.");
      }
      if (!tx.jobs().transition(job.id(), job.state(), JobState.CANCELLED, "cancelled by the user", deployment.now())) {
        throw ApiException.conflict(ErrorCode.CONFLICT, "The capture changed meanwhile; retry.");
      }
      releaseSource(tx, job.payload());
      if (tx.disks().getDisk(id).isPresent()) {
        disks.deleteDisk(tx, id);
      }
      if (delete) {
        tx.images().delete(id, image.version());
        events.emitAfterCommit(tx, new ChangeEvent("is.image.image.delete", "image", id, image.status().wire(), "deleted", "user", "cancelled", deployment.now()));
      } else {
        var reasons = List.of(new StatusReason("image_request_cancelled", "The image creation was cancelled by the user."));
        tx.images().update(image.withStatus(ImageStatus.FAILED, reasons));
        imageChanged(tx, image, ImageStatus.FAILED, reasons, "user");
      }
      return null;
    });
    disks.reclaim();
  }

  /** {@code deleteImage}: refused while a capture or import is running; a queued one is cancelled. */
  public void deleteImage(String id) {
    store.write(tx -> {
      var image = tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
      if (image.ownerAccountId() != null && !image.ownerAccountId().equals(deployment.accountId())) {
        throw ApiException.conflict(ErrorCode.INVALID_STATE, "Image " + image.name() + " belongs to another account and cannot be deleted.");
      }
      if (image.status() == ImageStatus.DELETING) {
        throw ApiException.conflict(ErrorCode.INVALID_STATE, "Image " + image.name() + " is already being deleted.");
      }
      if (image.status() == ImageStatus.PENDING && image.statusReasons().stream().anyMatch(r -> r.code().equals(IN_PROGRESS.code()))) {
        throw ApiException.conflict(ErrorCode.INVALID_STATE,
            "Image " + image.name() + " is being created (image_request_in_progress) and cannot be deleted until it finishes.");
      }
      for (var kind : List.of(ImageImportJob.KIND, ImageCaptureJob.KIND)) {
        tx.jobs().findByResource(kind, id).ifPresent(job -> {
          if (!job.state().isFinal() && !tx.jobs().transition(job.id(), JobState.QUEUED, JobState.CANCELLED, "the image was deleted", deployment.now())) {
            throw ApiException.conflict(ErrorCode.INVALID_STATE, "Image " + image.name() + " started being created meanwhile; it cannot be deleted now.");
          }
          if (kind.equals(ImageCaptureJob.KIND)) {
            releaseSource(tx, job.payload());
          }
        });
      }
      if (!tx.images().delete(id, image.version())) {
        throw ApiException.conflict(ErrorCode.CONFLICT, "The image changed while it was being deleted; retry.");
      }
      events.emitAfterCommit(tx, new ChangeEvent("is.image.image.delete", "image", id, image.status().wire(), "deleted", "user", null, deployment.now()));
      if (tx.disks().getDisk(id).isPresent()) {
        disks.deleteDisk(tx, id);
      }
      return null;
    });
    disks.reclaim();
  }

  /** The import or capture started: {@code pending} with {@code image_request_in_progress}. */
  void markInProgress(String id) {
    updateStatus(id, ImageStatus.PENDING, ImageStatus.PENDING, List.of(IN_PROGRESS), image -> image);
  }

  /** The content is complete: {@code available}, with size, checksum and minimum boot volume size. */
  void markImported(String id, int minimumProvisionedGb) {
    markImported(id, minimumProvisionedGb, null);
  }

  /**
   * The content is complete: {@code available}. A capture passes its source volume, which is released (and its
   * instance with it) in the same transaction, so nobody sees an available image whose volume is still busy.
   */
  void markImported(String id, int minimumProvisionedGb, String sourceVolumeId) {
    var sha = disks.checksum(id);
    int sizeGb = (int) Math.max(1, (disks.storedBytes(id) + Disk.GB - 1) / Disk.GB);
    store.write(tx -> {
      var image = tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
      // dates that passed while the image was pending apply the moment it is ready
      var state = ImageLifecycle.contentReady(image, deployment.now());
      var ready = image.withContent(sizeGb, sha, Math.max(minimumProvisionedGb, VolumeRules.BOOT_MIN_GB))
          .withLifecycle(state).withStatus(state.status(), List.of());
      if (!tx.images().update(ready)) {
        throw ApiException.conflict(ErrorCode.CONFLICT, "The image changed meanwhile.");
      }
      imageChanged(tx, image, state.status(), List.of(), "job");
      if (sourceVolumeId != null) {
        releaseSource(tx, sourceVolumeId);
      }
      return null;
    });
  }

  /** The import or capture failed for good: {@code failed} with the reason, and no content left behind. */
  void markFailed(String id, List<StatusReason> reasons) {
    store.write(tx -> {
      var image = tx.images().get(id);
      if (image.isPresent() && image.get().status() == ImageStatus.PENDING && tx.images().update(image.get().withStatus(ImageStatus.FAILED, reasons))) {
        imageChanged(tx, image.get(), ImageStatus.FAILED, reasons, "job");
      }
      if (tx.disks().getDisk(id).isPresent()) {
        disks.deleteDisk(tx, id);
      }
      return null;
    });
    disks.reclaim();
  }

  private void updateStatus(String id, ImageStatus from, ImageStatus to, List<StatusReason> reasons, UnaryOperator<Image> change) {
    store.write(tx -> {
      var image = tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
      if (image.status() != from) {
        throw new IllegalStateException("image " + id + " is " + image.status().wire() + ", not " + from.wire());
      }
      if (!tx.images().update(change.apply(image).withStatus(to, reasons))) {
        throw ApiException.conflict(ErrorCode.CONFLICT, "The image changed meanwhile.");
      }
      imageChanged(tx, image, to, reasons, "job");
      return null;
    });
  }

  private void imageChanged(Tx tx, Image image, ImageStatus to, List<StatusReason> reasons, String cause) {
    events.emitAfterCommit(tx, new ChangeEvent("is.image.image.update", "image", image.id(), image.status().wire(), to.wire(), cause,
        reasons.isEmpty() ? null : reasons.getFirst().code(), deployment.now()));
  }

  private Path importFile(String href) {
    if (href == null || !href.startsWith("file://")) {
      throw ApiException.invalid(ErrorCode.INVALID_VALUE, "file.href", href,
          "file.href must be a file:// URL of a qcow2 or raw file under the import directory " + importDir + ".");
    }
    Path path;
    try {
      path = Path.of(URI.create(href)).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw ApiException.invalid(ErrorCode.INVALID_VALUE, "file.href", href, "file.href is not a valid file:// URL.");
    }
    if (!path.startsWith(importDir)) {
      throw ApiException.invalid(ErrorCode.INVALID_VALUE, "file.href", href,
          "Imports are read only from the import directory " + importDir + "; copy the file there first.");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw ApiException.referenceNotFound("Image file", "file.href", href);
    }
    return path;
  }

  private static void requireCustomName(String name) {
    Names.requireValid("name", name);
    if (name.startsWith("ibm-")) {
      throw ApiException.invalid(ErrorCode.VALIDATION_INVALID_NAME, "name", name, "Names starting with ibm- are reserved for IBM's stock images.");
    }
  }

  /**
   * Adds the stock image of every catalog operating system that is not there yet: public, provider-owned,
   * available, its sample disk written later by {@link #writeStockContent}. Idempotent; runs at every start, so a
   * newer Imprint adds its new stock images to an old data dir, and a start interrupted while writing sample content
   * finishes it.
   */
  public void ensureStockImages() {
    var missing = new ArrayList<Runnable>();
    for (var os : catalog.operatingSystems()) {
      var name = stockImageName(os);
      var image = store.write(tx -> tx.images().findByName(name).orElseGet(() -> {
        var created = stockImage(os, name);
        tx.images().insert(created);
        return created;
      }));
      if (image.sha256() == null) {
        missing.add(() -> writeSampleContent(image, os));
      }
    }
    stockContentMissing = List.copyOf(missing);
  }

  /**
   * Writes the sample disks {@link #ensureStockImages} found missing, on a thread of its own; a request that needs one
   * waits for it ({@link #awaitStockContent}). Sealing them costs seconds on a cold JVM (AES-GCM runs unoptimised
   * until it is hot), so a first start calls this once it serves, rather than making start-up wait or compete for
   * the CPU with it.
   */
  public void writeStockContent() {
    var missing = stockContentMissing;
    stockContentMissing = List.of();
    if (missing.isEmpty()) {
      stockReady.countDown();
      return;
    }
    stockWriting = true;
    Thread.ofPlatform().daemon().name("imprint-stock-content").start(() -> {
      try {
        missing.forEach(Runnable::run);
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(ImageService.class).error("writing the stock sample disks failed; a restart retries", e);
      } finally {
        stockWriting = false;
        stockReady.countDown();
      }
    });
  }

  /** Waits until the stock images' sample content is written (only ever waits right after a first start). */
  public void awaitStockContent() {
    try {
      if (!stockReady.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the stock sample disks are still being written");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void writeSampleContent(Image image, OperatingSystem os) {
    long capacity = (long) STOCK_MINIMUM_PROVISIONED_SIZE * Disk.GB;
    store.write(tx -> {
      if (tx.disks().getDisk(image.id()).isEmpty()) {
        disks.createDisk(tx, image.id(), capacity);
      }
      return null;
    });
    var content = SampleDisks.content(os, capacity);
    try {
      disks.write(image.id(), 0, content.length, new ByteArrayInputStream(content), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var sha = disks.checksum(image.id());
    int sizeGb = (int) Math.max(1, (disks.storedBytes(image.id()) + Disk.GB - 1) / Disk.GB);
    store.write(tx -> {
      var current = tx.images().get(image.id()).orElseThrow();
      tx.images().update(current.withContent(sizeGb, sha, STOCK_MINIMUM_PROVISIONED_SIZE));
      return null;
    });
  }

  public static String stockImageName(OperatingSystem os) {
    return "ibm-" + os.name().replace("-amd64", "-minimal-amd64").replace("-s390x", "-minimal-s390x") + "-1";
  }

  public Page<Image> listImages(ImageFilter filter, PageRequest page) {
    if (stockWriting) {
      awaitStockContent();
    }
    return store.read(tx -> tx.images().list(new ImageRepository.Query(filter, deployment.accountId()), page));
  }

  /** Whether the image still exists (references to a deleted one show {@code deleted}). */
  public boolean exists(String id) {
    return store.read(tx -> tx.images().get(id).isPresent());
  }

  public Image getImage(String id) {
    if (stockWriting) {
      awaitStockContent();
    }
    return store.read(tx -> tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id)));
  }

  private Image stockImage(OperatingSystem os, String name) {
    return new Image(
        deployment.ids().regional(),
        name,
        ImageStatus.AVAILABLE,
        List.of(),
        Image.Visibility.PUBLIC,
        deployment.providerAccountId(),
        "none",
        null,
        null,
        null,
        STOCK_MINIMUM_PROVISIONED_SIZE,
        os.name(),
        os.userDataFormat(),
        null,
        false,
        AllowedUse.unconstrained("2019-01-01"),
        null,
        null,
        null,
        deployment.now(),
        0);
  }
}
