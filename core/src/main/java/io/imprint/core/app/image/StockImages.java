package io.imprint.core.app.image;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.catalog.OperatingSystem;
import io.imprint.core.domain.catalog.StockImage;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.image.AllowedUse;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageLifecycle;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The provider's stock catalog: one public image per catalog operating system, each with a small
 * sample disk so that a fresh install can create an instance at once, and with the lifecycle dates
 * of {@link Catalog#stockImages}: older versions deprecated, retired ones obsolete.
 */
public final class StockImages {
  /** IBM's stock images keep their boot volumes at 100 GB at least. */
  public static final int STOCK_MINIMUM_PROVISIONED_SIZE = 100;

  private final Store store;
  private final Deployment deployment;
  private final Catalog catalog;
  private final DiskService disks;
  private final ImageWrites writes;
  private final ImageLifecycleService lifecycle;
  private final CountDownLatch stockReady = new CountDownLatch(1);
  private volatile List<Runnable> stockContentMissing = List.of();

  /**
   * While the sample disks of a first start are written, reading images waits for them (a second at
   * most), so that no stock image is ever shown without its size and checksum.
   */
  private volatile boolean stockWriting;

  StockImages(
      Store store,
      Deployment deployment,
      Catalog catalog,
      DiskService disks,
      ImageWrites writes,
      ImageLifecycleService lifecycle) {
    this.store = store;
    this.deployment = deployment;
    this.catalog = catalog;
    this.disks = disks;
    this.writes = writes;
    this.lifecycle = lifecycle;
  }

  /**
   * Keeps the stock catalog in step with {@link Catalog#stockImages}, at every start: adds the
   * images not there yet (public, provider-owned, available with the catalog's dates, their sample
   * disks written later by {@link #writeStockContent}); gives an image of an older data dir the
   * catalog's dates where they differ (an {@code update} by {@code startup}); and applies a date
   * that has passed as the scheduler does ({@code deprecate} or {@code obsolete} by {@code
   * schedule}) in the same transaction, so no stock image is ever seen in a status its dates have
   * left. A restart with the same catalog writes nothing and never undoes what the lifecycle
   * applied; a start interrupted while writing sample content finishes it.
   */
  public void ensureStockImages() {
    var missing = new ArrayList<Runnable>();
    for (var stock : catalog.stockImages()) {
      var image = store.write(tx -> keepInStep(tx, stock));
      if (image.sha256() == null) {
        missing.add(() -> writeSampleContent(image, stock.operatingSystem()));
      }
    }
    stockContentMissing = List.copyOf(missing);
  }

  private Image keepInStep(Tx tx, StockImage stock) {
    var found = tx.images().findByName(stock.name());
    if (found.isEmpty()) {
      tx.images().insert(stockImage(stock));
    } else if (!Objects.equals(found.get().deprecationAt(), stock.deprecationAt())
        || !Objects.equals(found.get().obsolescenceAt(), stock.obsolescenceAt())) {
      var dated =
          ImageLifecycle.catalogDates(
              found.get(), stock.deprecationAt(), stock.obsolescenceAt(), deployment.now());
      // a lost compare-and-set: another node starting at the same time gave them first
      if (tx.images().update(dated)) {
        writes.record(tx, ImageWrites.change(dated, "update", 200, "startup"));
      }
    }
    lifecycle.applyDue(tx, tx.images().findByName(stock.name()).orElseThrow());
    return tx.images().findByName(stock.name()).orElseThrow();
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

  private Image stockImage(StockImage stock) {
    var os = stock.operatingSystem();
    return new Image(
        deployment.ids().regional(),
        stock.name(),
        ImageLifecycle.stock(stock.deprecationAt(), stock.obsolescenceAt()),
        new Image.Owner(Image.Visibility.PUBLIC, deployment.providerAccountId(), null, false),
        Image.File.empty(STOCK_MINIMUM_PROVISIONED_SIZE),
        new Image.Origin(
            os.name(), os.userDataFormat(), null, AllowedUse.unconstrained("2019-01-01")),
        deployment.now(),
        0);
  }
}
