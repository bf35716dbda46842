package io.imprint.store.jdbc;

/**
 * The metadata store failed for a reason the caller cannot fix by changing its request: the
 * database refused or lost a statement. Unique-name and volume-in-use refusals are not reported
 * this way but as the core store exceptions.
 */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
