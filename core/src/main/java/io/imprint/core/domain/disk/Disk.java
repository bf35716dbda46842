package io.imprint.core.domain.disk;

import java.time.Instant;

/**
 * The content of a volume or an image: {@code capacityBytes} of address space over a map from chunk
 * index to an immutable, encrypted blob ({@link ChunkRef}); an index without a chunk reads as
 * zeros. A disk's id is the id of the volume or image it belongs to. New blobs of the disk are
 * encrypted under {@code dataKeyId}; a clone shares the data key of its source, because it shares
 * the source's blobs.
 */
public record Disk(String id, long capacityBytes, String dataKeyId, Instant createdAt) {
  /**
   * 4 MiB: large enough that a 100 GB disk maps to at most 25,600 rows and per-chunk costs (a row,
   * a file, a GCM tag, a digest) vanish next to the data; small enough that a one-sector write
   * rewrites little and that a sparse disk stays sparse at the granularity file systems allocate
   * in.
   */
  public static final int CHUNK_SIZE = 4 << 20;

  /** IBM sizes volumes and images in GB; Imprint reads a GB as 2^30 bytes. */
  public static final long GB = 1L << 30;

  public long chunkCount() {
    return (capacityBytes + CHUNK_SIZE - 1) / CHUNK_SIZE;
  }

  /**
   * The length of chunk {@code index}: the chunk size, or less for the last chunk of a disk that
   * ends mid-chunk.
   */
  public int chunkLength(long index) {
    return (int) Math.min(CHUNK_SIZE, capacityBytes - index * CHUNK_SIZE);
  }
}
