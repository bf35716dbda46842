package io.imprint.core.disk;

import java.util.function.Consumer;

/**
 * Where sealed blobs live: a local directory or an S3 bucket. Blobs are written once under a fresh id and never
 * changed, so an implementation needs no locking; {@link #put} must be atomic (a crash leaves either the whole blob
 * or none) and durable when it returns.
 */
public interface BlobStore {
  void put(String id, byte[] sealed);

  /** Throws {@link DiskCorruptedException} when the blob is missing. */
  byte[] get(String id);

  /** Removes the blob if it exists. */
  void delete(String id);

  /** Every stored blob id, for the sweep that removes blobs the metadata does not know. */
  void forEachId(Consumer<String> consumer);
}
