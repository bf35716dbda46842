package io.imprint.core.port;

import io.imprint.core.domain.disk.ChunkRef;
import io.imprint.core.domain.disk.DataKey;
import io.imprint.core.domain.disk.Disk;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Disks, their chunk maps and the blobs behind them, with reference counts. A blob row is first
 * {@code pending} (reserved before its bytes are written), then live with a count of the chunk
 * entries that point at it. The methods keep the counts right: whatever maps, unmaps, clones or
 * deletes adjusts them in the same transaction.
 */
public interface DiskRepository {
  void insertDisk(Disk disk);

  Optional<Disk> getDisk(String id);

  void updateCapacity(String id, long capacityBytes);

  /** Removes the disk and its chunk map; its blobs lose one reference per chunk. */
  void deleteDisk(String id);

  /** Present chunks with {@code from <= index < to}, ascending. */
  List<ChunkRef> chunks(String diskId, long from, long to);

  /** Count and total plaintext length of the present chunks. */
  long[] chunkStats(String diskId);

  /**
   * Records a blob about to be written, so that a crash before it is mapped leaves a row the sweep
   * finds.
   */
  void reserveBlob(String blobId, String dataKeyId, Instant at);

  /**
   * Maps chunk {@code index} to a reserved blob, which becomes live; the blob it replaces loses a
   * reference.
   */
  void putChunk(String diskId, long index, String blobId, String sha256, int length);

  /** Unmaps chunk {@code index} (it reads as zeros again); its blob loses a reference. */
  void clearChunk(String diskId, long index);

  /** Unmaps every chunk at or after {@code fromIndex}. */
  void clearChunksFrom(String diskId, long fromIndex);

  /**
   * Creates {@code target} with the chunk map of {@code sourceId}; every shared blob gains a
   * reference.
   */
  void cloneDisk(String sourceId, Disk target);

  /** Live blobs no chunk refers to any more. */
  List<String> unreferencedBlobs(int limit);

  /** Blobs reserved but never mapped (a write that crashed or failed). */
  List<String> pendingBlobs(Instant reservedBefore, int limit);

  void deleteBlobs(Collection<String> ids);

  /** Which of {@code ids} have a blob row. */
  Set<String> knownBlobs(Collection<String> ids);

  void insertDataKey(DataKey key);

  Optional<DataKey> getDataKey(String id);

  /**
   * At most {@code limit} data keys wrapped by root key {@code rootKey}, by id, after {@code
   * afterId} (null: from the first): a rewrap walks them in pages.
   */
  List<DataKey> dataKeysWrappedBy(String rootKey, String afterId, int limit);

  /** How many data keys root key {@code rootKey} wraps. */
  long countDataKeysWrappedBy(String rootKey);

  /**
   * Replaces the wrapped form of data key {@code id} if it is still {@code expected}: a
   * compare-and-set, false when it changed meanwhile.
   */
  boolean rewrapDataKey(String id, byte[] expected, byte[] wrapped);

  /**
   * Erases the wrapped form of every data key wrapped by {@code rootKey} (the root key was
   * deleted): what they sealed can never be opened again, whatever becomes of the root key's
   * material. Returns how many were erased.
   */
  long destroyDataKeysWrappedBy(String rootKey);
}
