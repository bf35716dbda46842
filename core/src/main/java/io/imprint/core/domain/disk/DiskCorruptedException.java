package io.imprint.core.domain.disk;

/**
 * Stored data failed authentication or is missing: a blob was altered, truncated or lost, or a key
 * does not match. Never answered with wrong bytes.
 */
public class DiskCorruptedException extends RuntimeException {
  public DiskCorruptedException(String message, Throwable cause) {
    super(message, cause);
  }

  public DiskCorruptedException(String message) {
    super(message);
  }
}
