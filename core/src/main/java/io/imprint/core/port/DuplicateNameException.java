package io.imprint.core.port;

/** A store refused a row because its name is already used by another row of the same kind. */
public class DuplicateNameException extends RuntimeException {
  public DuplicateNameException(String message, Throwable cause) {
    super(message, cause);
  }
}
