package io.imprint.cli;

/**
 * A failure the CLI explains in one line and ends with exit code 1 (not a usage mistake, not an API
 * error).
 */
final class CliFailure extends RuntimeException {
  CliFailure(String message) {
    super(message);
  }
}
