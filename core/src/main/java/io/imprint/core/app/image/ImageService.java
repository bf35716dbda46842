package io.imprint.core.app.image;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.UniqueNames;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.job.JobRunner;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.iam.ReadScope;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageCreate;
import io.imprint.core.domain.image.ImageDates;
import io.imprint.core.domain.image.ImageFilter;
import io.imprint.core.domain.image.ImageLifecycle;
import io.imprint.core.domain.image.ImagePatch;
import io.imprint.core.domain.image.ImageSort;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.tag.TagName;
import io.imprint.core.domain.tag.TaggedResource;
import io.imprint.core.port.ImageRepository;
import io.imprint.core.port.Store;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Images: the public stock catalog and the account's own images. One method per IBM operation;
 * capture, the lifecycle and the stock catalog have services of their own ({@link #captures},
 * {@link #lifecycle}, {@link #stock}), built here because they share one writer and one set of
 * creation steps.
 */
public final class ImageService {
  private final Store store;
  private final Deployment deployment;
  private final Catalog catalog;
  private final DiskService disks;
  private final JobRunner jobs;
  private final ImportFiles importFiles;
  private final ImageWrites writes;
  private final ImageCreation creation;
  private final ImageCaptureService captures;
  private final ImageLifecycleService lifecycle;
  private final StockImages stock;

  public ImageService(
      Store store,
      Deployment deployment,
      Catalog catalog,
      DiskService disks,
      JobRunner jobs,
      Path importDir,
      EventRecorder events) {
    this.store = store;
    this.deployment = deployment;
    this.catalog = catalog;
    this.disks = disks;
    this.jobs = jobs;
    this.importFiles = new ImportFiles(importDir);
    this.writes = new ImageWrites(events);
    this.creation = new ImageCreation(store, deployment, disks, writes);
    this.captures =
        new ImageCaptureService(store, deployment, catalog, disks, jobs, writes, creation);
    this.lifecycle = new ImageLifecycleService(store, deployment, writes);
    this.stock = new StockImages(store, deployment, catalog, disks, writes, lifecycle);
  }

  public ImageCaptureService captures() {
    return captures;
  }

  public ImageLifecycleService lifecycle() {
    return lifecycle;
  }

  public StockImages stock() {
    return stock;
  }

  /** The job that captures boot volumes, to register with the job engine. */
  public ImageCaptureJob captureJob() {
    return new ImageCaptureJob(store, disks, creation, writes);
  }

  /** The job that imports files, to register with the job engine. */
  public ImageImportJob importJob() {
    return new ImageImportJob(store, disks, creation, importFiles, writes);
  }

  /**
   * {@code createImage}. From a boot volume: a capture ({@link ImageCaptureService}). From a file:
   * the file must lie under the configured import directory (a {@code file://} href); the import
   * runs as a durable job and the image answers {@code pending} at once. With {@code
   * encryption_key} the image is stored under that root key; with {@code encrypted_data_key} too,
   * the file is a LUKS-encrypted qcow2 whose passphrase that key wrapped ({@link
   * EncryptedImports}).
   */
  public Image createImage(ImageCreate request) {
    return switch (request) {
      case ImageCreate.FromVolume fromVolume -> {
        if (request.common().encryptedDataKeyGiven()) {
          throw new ApiException(
              ErrorCode.INVALID_VALUE,
              "encrypted_data_key belongs to an import of an encrypted file; a capture takes only"
                  + " encryption_key.",
              Target.field("encrypted_data_key"));
        }
        yield captures.createImageFromVolume(fromVolume);
      }
      case ImageCreate.FromFile fromFile -> importImage(fromFile);
    };
  }

  private Image importImage(ImageCreate.FromFile request) {
    var os =
        catalog
            .operatingSystem(request.operatingSystemName())
            .orElseThrow(
                () ->
                    ApiException.referenceNotFound(
                        "Operating system",
                        "operating_system.name",
                        request.operatingSystemName()));
    var keyCrn = request.common().encryptionKeyCrn();
    var wrapped = EncryptedImports.requireDataKey(request.common());
    var file = importFiles.accept(request.fileHref()).withEncryptedDataKey(wrapped);
    ImageDates.requireSchedule(request.deprecationAt(), request.obsolescenceAt(), deployment.now());
    var image =
        store.write(
            tx -> {
              if (keyCrn != null) {
                disks.keys().requireUsableKey(tx, keyCrn, "encryption_key.crn");
              }
              var created = creation.insertPending(tx, request, os, null, null, keyCrn);
              jobs.enqueue(tx, ImageImportJob.KIND, created.id(), file);
              return created;
            });
    jobs.signal();
    return image;
  }

  /**
   * {@code updateImage}, a merge patch: {@code name}, the lifecycle dates (an explicit null clears
   * one), and {@code allowed_use}. The new status follows from the dates through the lifecycle
   * table.
   */
  public Image updateImage(String id, ImagePatch patch) {
    var updated =
        store.write(
            tx -> {
              var image = tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
              if (!image.ownerAccountId().equals(deployment.accountId())) {
                throw ApiException.conflict(
                    ErrorCode.INVALID_STATE,
                    "Image " + image.name() + " belongs to another account and cannot be changed.");
              }
              var next =
                  patch.changesDates()
                      ? ImageLifecycle.schedule(image, patch, deployment.now())
                      : image;
              if (patch.name() != null && !patch.name().equals(image.name())) {
                ImageCreation.requireCustomName(patch.name());
                UniqueNames.requireUnused(tx.images(), "image", "name", patch.name());
                next = next.withName(patch.name());
              }
              if (patch.allowedUse() != null) {
                next = next.withAllowedUse(patch.allowedUse());
              }
              var toWrite = next;
              UniqueNames.guard(
                  "image",
                  "name",
                  toWrite.name(),
                  () -> writes.update(tx, image, toWrite, "update", 200, "user"));
              return tx.images().get(id).orElseThrow();
            });
    lifecycle.lifecycleChanged();
    return updated;
  }

  /**
   * {@code deleteImage}: refused while a capture or import is running; a queued one is cancelled.
   * The image is gone when this returns; its blobs are reclaimed after the commit.
   */
  public void deleteImage(String id) {
    store.write(
        tx -> {
          var image = tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id));
          ImageLifecycle.requireDeletable(image, deployment.accountId());
          // a queued or running import or capture stops: its worker's later writes are refused
          ImageCreation.creationJob(tx, id)
              .filter(job -> !job.state().isFinal())
              .ifPresent(
                  job -> {
                    if (!creation.stopCreation(tx, job, jobs, "the image was deleted")) {
                      throw ApiException.conflict(
                          ErrorCode.CONFLICT,
                          "Image " + image.name() + " changed meanwhile; retry the delete.");
                    }
                  });
          writes.delete(tx, image, "user");
          if (tx.disks().getDisk(id).isPresent()) {
            disks.deleteDisk(tx, id);
          }
          disks.keys().unregister(tx, writes.protection(image));
          return null;
        });
    disks.reclaim();
  }

  public Page<Image> listImages(ImageFilter filter, ReadScope scope, PageRequest page) {
    return listImages(filter, null, scope, page);
  }

  /** The list in the order {@code sort} asks for (null: the order images were stored in). */
  public Page<Image> listImages(
      ImageFilter filter, ImageSort sort, ReadScope scope, PageRequest page) {
    stock.awaitIfWriting();
    return store.read(
        tx ->
            tx.images()
                .list(
                    new ImageRepository.Query(filter, deployment.accountId(), sort), scope, page));
  }

  /**
   * How many images of each status the list with {@code filter} would show, whatever its status
   * filter; every status is present, those without images with 0.
   */
  public Map<ImageStatus, Long> countImagesByStatus(ImageFilter filter, ReadScope scope) {
    stock.awaitIfWriting();
    var found =
        store.read(
            tx ->
                tx.images()
                    .countByStatus(
                        new ImageRepository.Query(filter.anyStatus(), deployment.accountId()),
                        scope));
    var counts = new EnumMap<ImageStatus, Long>(ImageStatus.class);
    for (var status : ImageStatus.values()) {
      counts.put(status, found.getOrDefault(status, 0L));
    }
    return counts;
  }

  /** The user tags of {@code images} (a page of the list), by image id; untagged ones absent. */
  public Map<String, List<TagName>> tagsOf(List<Image> images) {
    return store.read(
        tx -> tx.tags().tagsOf(TaggedResource.Type.IMAGE, images.stream().map(Image::id).toList()));
  }

  public Image getImage(String id) {
    stock.awaitIfWriting();
    return store.read(
        tx -> tx.images().get(id).orElseThrow(() -> ApiException.notFound("Image", id)));
  }

  /** Whether the image still exists (references to a deleted one show {@code deleted}). */
  public boolean exists(String id) {
    return store.read(tx -> tx.images().get(id).isPresent());
  }
}
