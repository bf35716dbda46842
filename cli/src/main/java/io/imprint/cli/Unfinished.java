package io.imprint.cli;

/**
 * A failure after the command had already made something: printed as its cause is, then a line
 * saying what is left and how to remove it.
 */
final class Unfinished extends RuntimeException {
  private final String left;

  Unfinished(RuntimeException cause, String left) {
    super(cause.getMessage(), cause);
    this.left = left;
  }

  String left() {
    return left;
  }
}
