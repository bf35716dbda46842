package io.imprint.core.app.disk;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.port.BlobStore;
import io.imprint.core.port.Store;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob ids of one write, from reservation to mapping: the first of the crash rules of {@link
 * DiskService}, that a blob's id is reserved (committed) before its file is written. Kept apart
 * from the pipeline so that what a write must clean up is decided in one place: ids reserved and
 * never used are released when the write finishes, and on failure every id not yet mapped is
 * removed, file first.
 */
final class BlobReservations {
  private static final Logger log = LoggerFactory.getLogger(BlobReservations.class);

  private final Store store;
  private final BlobStore blobs;
  private final Disk disk;
  private final Deployment deployment;
  private final int batchSize;

  /**
   * Reserved blob ids neither mapped nor released by a committed batch: what a failed write must
   * remove.
   */
  private final Set<String> uncommitted = ConcurrentHashMap.newKeySet();

  private final ArrayDeque<String> reserved = new ArrayDeque<>();
  private int nextReservation = 1;

  BlobReservations(Store store, BlobStore blobs, Disk disk, Deployment deployment, int batchSize) {
    this.store = store;
    this.blobs = blobs;
    this.disk = disk;
    this.deployment = deployment;
    this.batchSize = batchSize;
  }

  /** A reserved id for the next blob; reserves more in one transaction when none is left. */
  String reserve() {
    if (reserved.isEmpty()) {
      // 1, 2, 4, … up to a batch: a one-chunk write reserves one id, a large one a batch per
      // transaction
      int count = nextReservation;
      nextReservation = Math.min(batchSize, 2 * count);
      var fresh = new ArrayList<String>(count);
      for (int i = 0; i < count; i++) {
        fresh.add(deployment.ids().uuid());
      }
      var at = deployment.now();
      store.write(
          tx -> {
            fresh.forEach(id -> tx.disks().reserveBlob(id, disk.dataKeyId(), at));
            return null;
          });
      uncommitted.addAll(fresh);
      reserved.addAll(fresh);
    }
    return reserved.poll();
  }

  /** The id is mapped, or released, by a committed transaction: a failure no longer removes it. */
  void committed(String blobId) {
    uncommitted.remove(blobId);
  }

  /** At the end of a write that succeeded: releases the ids reserved and never used. */
  void releaseUnused() {
    if (!reserved.isEmpty()) {
      var unused = List.copyOf(reserved);
      store.write(
          tx -> {
            tx.disks().deleteBlobs(unused);
            return null;
          });
      unused.forEach(uncommitted::remove);
      reserved.clear();
    }
  }

  /**
   * After a failure, once nothing is in flight: removes every blob reserved and not mapped, file
   * first.
   */
  void removeUncommitted() {
    if (!uncommitted.isEmpty()) {
      var ids = List.copyOf(uncommitted);
      try {
        ids.forEach(blobs::delete);
        store.write(
            tx -> {
              tx.disks().deleteBlobs(ids);
              return null;
            });
      } catch (RuntimeException e) {
        // the next start's recovery removes what is left: pending rows and files no row knows
        log.warn(
            "cannot remove {} blob(s) of a failed write of disk {}: {}",
            ids.size(),
            disk.id(),
            e.toString());
      }
    }
  }
}
