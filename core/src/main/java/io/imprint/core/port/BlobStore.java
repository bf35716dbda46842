package io.imprint.core.port;

import io.imprint.core.domain.disk.DiskCorruptedException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where sealed blobs live: a local directory or an S3 bucket. Blobs are written once under a fresh
 * id and never changed, so an implementation needs no locking; {@link #put} must be atomic (a crash
 * leaves either the whole blob or none) and durable when it returns.
 */
public interface BlobStore {
  /** The first {@code length} bytes of {@code buffer} to store under {@code id}. */
  record Blob(String id, byte[] buffer, int length) {}

  void put(String id, byte[] sealed);

  /**
   * Stores several blobs, each atomic as {@link #put}; all are durable when it returns. An
   * implementation may write them concurrently and make them durable together, which is what makes
   * a large upload fast: one wait for the device per batch instead of one per blob. On failure any
   * of them may or may not be stored.
   */
  default void putAll(List<Blob> blobs) {
    blobs.forEach(this::stage);
    publish(blobs);
  }

  /**
   * The first half of a put, which a writer may call for each blob as soon as it is sealed (from
   * several threads): the bytes go where the store can make them durable, invisible to {@link #get}
   * and {@link #forEachId}; {@link #publish} makes them durable. Staging each blob early keeps the
   * device busy while later blobs are still being sealed. {@link #delete} removes a staged blob
   * too. A store without such a place does nothing here and all the work in {@link #publish}.
   */
  default void stage(Blob blob) {}

  /**
   * The second half: makes the staged {@code blobs} stored and durable, each atomically, as {@link
   * #put} does; the buffers must still hold their bytes unless {@link #stage(Blob, Runnable)} said
   * they were taken.
   */
  default void publish(List<Blob> blobs) {
    for (var blob : blobs) {
      put(blob.id(), Arrays.copyOf(blob.buffer(), blob.length()));
    }
  }

  /**
   * As {@link #stage}, telling {@code bytesTaken} as soon as the store no longer needs the buffer
   * (its bytes are in a file, not yet forced), so that a writer may reuse the buffer at once;
   * {@link #publish} then reads no buffer of it. A store that does its work in {@link #publish}
   * (the default) never tells: it needs the buffers until then.
   */
  default void stage(Blob blob, Runnable bytesTaken) {
    stage(blob);
  }

  /** Throws {@link DiskCorruptedException} when the blob is missing. */
  byte[] get(String id);

  /**
   * Reads the blob into the start of {@code buffer} and returns its length, so that a reader can
   * reuse its buffers. Throws {@link DiskCorruptedException} when the blob is missing or longer
   * than the buffer.
   */
  default int read(String id, byte[] buffer) {
    var bytes = get(id);
    if (bytes.length > buffer.length) {
      throw new DiskCorruptedException(
          "blob " + id + " holds " + bytes.length + " bytes, more than a chunk can seal to");
    }
    System.arraycopy(bytes, 0, buffer, 0, bytes.length);
    return bytes.length;
  }

  /** Removes the blob if it exists. */
  void delete(String id);

  /** Every stored blob id, for the sweep that removes blobs the metadata does not know. */
  void forEachId(Consumer<String> consumer);
}
