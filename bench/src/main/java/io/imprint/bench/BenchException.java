package io.imprint.bench;

/**
 * The benchmark itself could not run or measure (not a slow result: those are reported, not
 * thrown).
 */
final class BenchException extends RuntimeException {
  BenchException(String message) {
    super(message);
  }

  BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
