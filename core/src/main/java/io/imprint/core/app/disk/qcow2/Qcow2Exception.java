package io.imprint.core.app.disk.qcow2;

/**
 * A qcow2 file that Imprint cannot use: damaged, truncated, hostile, or using a feature Imprint
 * does not support. The message is meant for the person who uploaded the file, so it names the
 * problem plainly.
 */
public final class Qcow2Exception extends Exception {
  public Qcow2Exception(String message) {
    super(message);
  }

  public Qcow2Exception(String message, Throwable cause) {
    super(message, cause);
  }
}
