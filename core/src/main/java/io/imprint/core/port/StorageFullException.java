package io.imprint.core.port;

/**
 * The metadata store or the blob store has no space left (a full disk, a quota): the change was not
 * made, and what it had written is removed. Nothing is wrong with the request; the same request
 * succeeds once space is freed. The API answers 507 {@code insufficient_storage}.
 */
public final class StorageFullException extends RuntimeException {
  public StorageFullException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether {@code failure} or one of its causes is a store or blob store that ran out of space.
   */
  public static boolean in(Throwable failure) {
    for (var t = failure; t != null; t = t.getCause()) {
      if (t instanceof StorageFullException) {
        return true;
      }
      for (var suppressed : t.getSuppressed()) {
        if (suppressed instanceof StorageFullException) {
          return true;
        }
      }
    }
    return false;
  }
}
