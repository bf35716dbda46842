package io.imprint.core.app.image;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.catalog.OperatingSystem;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.image.AllowedUse;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageLifecycle;
import io.imprint.core.port.Store;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The provider's stock catalog: one public image per catalog operating system, each with a small
 * sample disk so that a fresh install can create an instance at once.
 */
public final class StockImages {
  /** IBM's stock images keep their boot volumes at 100 GB at least. */
  public static final int STOCK_MINIMUM_PROVISIONED_SIZE = 100;

  private final Store store;
  private final Deployment deployment;
  private final Catalog catalog;
  private final DiskService disks;
  private final CountDownLatch stockReady = new CountDownLatch(1);
  private volatile List<Runnable> stockContentMissing = List.of();

  /**
   * While the sample disks of a first start are written, reading images waits for them (a second at
   * most), so that no stock image is ever shown without its size and checksum.
   */
  private volatile boolean stockWriting;

  StockImages(Store store, Deployment deployment, Catalog catalog, DiskService disks) {
    this.store = store;
    this.deployment = deployment;
    this.catalog = catalog;
    this.disks = disks;
  }

  /**
   * Adds the stock image of every catalog operating system that is not there yet: public,
   * provider-owned, available, its sample disk written later by {@link #writeStockContent}.
   * Idempotent; runs at every start, so a newer Imprint adds its new stock images to an old data
   * dir, and a start interrupted while writing sample content finishes it.
   */
  public void ensureStockImages() {
    var missing = new ArrayList<Runnable>();
    for (var os : catalog.operatingSystems()) {
      var name = stockImageName(os);
      var image =
          store.write(
              tx ->
                  tx.images()
                      .findByName(name)
                      .orElseGet(
                          () -> {
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
   * Writes the sample disks {@link #ensureStockImages} found missing, on a thread of its own; a
   * request that needs one waits for it ({@link #awaitStockContent}). Sealing them costs seconds on
   * a cold JVM (AES-GCM runs unoptimised until it is hot), so a first start calls this once it
   * serves, rather than making start-up wait or compete for the CPU with it.
   */
  public void writeStockContent() {
    var missing = stockContentMissing;
    stockContentMissing = List.of();
    if (missing.isEmpty()) {
      stockReady.countDown();
      return;
    }
    stockWriting = true;
    Thread.ofPlatform()
        .daemon()
        .name("imprint-stock-content")
        .start(
            () -> {
              try {
                missing.forEach(Runnable::run);
              } catch (RuntimeException e) {
                LoggerFactory.getLogger(StockImages.class)
                    .error("writing the stock sample disks failed; a restart retries", e);
              } finally {
                stockWriting = false;
                stockReady.countDown();
              }
            });
  }

  /**
   * Waits until the stock images' sample content is written (only ever waits right after a first
   * start).
   */
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

  /**
   * Waits for the sample disks only while a first start writes them: the common case costs a
   * volatile read.
   */
  void awaitIfWriting() {
    if (stockWriting) {
      awaitStockContent();
    }
  }

  private void writeSampleContent(Image image, OperatingSystem os) {
    long capacity = (long) STOCK_MINIMUM_PROVISIONED_SIZE * Disk.GB;
    store.write(
        tx -> {
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
    store.write(
        tx -> {
          var current = tx.images().get(image.id()).orElseThrow();
          if (!tx.images()
              .update(current.withContent(sizeGb, sha, STOCK_MINIMUM_PROVISIONED_SIZE))) {
            throw ApiException.conflict(
                ErrorCode.CONFLICT,
                "Stock image " + current.name() + " changed while its sample disk was written.");
          }
          return null;
        });
  }

  public static String stockImageName(OperatingSystem os) {
    return "ibm-"
        + os.name().replace("-amd64", "-minimal-amd64").replace("-s390x", "-minimal-s390x")
        + "-1";
  }

  private Image stockImage(OperatingSystem os, String name) {
    return new Image(
        deployment.ids().regional(),
        name,
        ImageLifecycle.stock(),
        new Image.Owner(Image.Visibility.PUBLIC, deployment.providerAccountId(), null, false),
        Image.File.empty(STOCK_MINIMUM_PROVISIONED_SIZE),
        new Image.Origin(
            os.name(), os.userDataFormat(), null, AllowedUse.unconstrained("2019-01-01")),
        deployment.now(),
        0);
  }
}
