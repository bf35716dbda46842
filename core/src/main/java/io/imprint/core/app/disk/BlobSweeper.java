package io.imprint.core.app.disk;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.port.BlobStore;
import io.imprint.core.port.Store;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the blobs nothing needs: after a delete or an overwrite ({@link #reclaim}), and at start
 * what a crash left ({@link #recover}). Always the file first and the row second, so that a crash
 * in between leaves a row the next sweep finds, never a file no row knows of but the orphan scan.
 */
final class BlobSweeper {
  private static final Logger log = LoggerFactory.getLogger(BlobSweeper.class);
  private static final int PAGE = 500;

  private final Store store;
  private final BlobStore blobs;
  private final Deployment deployment;

  BlobSweeper(Store store, BlobStore blobs, Deployment deployment) {
    this.store = store;
    this.blobs = blobs;
    this.deployment = deployment;
  }

  /** See {@link DiskService#reclaim}. */
  int reclaim() {
    int total = 0;
    while (true) {
      var ids = store.read(tx -> tx.disks().unreferencedBlobs(PAGE));
      if (ids.isEmpty()) {
        return total;
      }
      delete(ids);
      total += ids.size();
    }
  }

  /** See {@link DiskService#recover}. */
  String recover() {
    var startedAt = deployment.now().plusMillis(1);
    int pending = 0;
    while (true) {
      var ids = store.read(tx -> tx.disks().pendingBlobs(startedAt, PAGE));
      if (ids.isEmpty()) {
        break;
      }
      delete(ids);
      pending += ids.size();
    }
    int unreferenced = reclaim();
    var orphans = new ArrayList<String>();
    var batch = new ArrayList<String>();
    blobs.forEachId(
        id -> {
          batch.add(id);
          if (batch.size() == PAGE) {
            orphans.addAll(unknown(batch));
            batch.clear();
          }
        });
    orphans.addAll(unknown(batch));
    orphans.forEach(blobs::delete);
    var summary =
        pending
            + " unfinished, "
            + unreferenced
            + " unreferenced and "
            + orphans.size()
            + " orphan blob(s) removed";
    if (pending + unreferenced + orphans.size() > 0) {
      log.info("disk recovery: {}", summary);
    }
    return summary;
  }

  private void delete(List<String> ids) {
    ids.forEach(blobs::delete);
    store.write(
        tx -> {
          tx.disks().deleteBlobs(ids);
          return null;
        });
  }

  private List<String> unknown(List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    var known = store.read(tx -> tx.disks().knownBlobs(ids));
    return ids.stream().filter(id -> !known.contains(id)).toList();
  }
}
