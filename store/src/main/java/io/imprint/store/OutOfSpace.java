package io.imprint.store;

/**
 * The file system's "no space" (ENOSPC) and "over quota" (EDQUOT), which Java and the JDBC drivers
 * report only by the system's message, somewhere in a failure's causes.
 */
public final class OutOfSpace {
  private OutOfSpace() {}

  public static boolean reportedIn(Throwable failure) {
    for (var t = failure; t != null; t = t.getCause()) {
      var message = t.getMessage();
      if (message != null
          && (message.contains("No space left on device")
              || message.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }
}
