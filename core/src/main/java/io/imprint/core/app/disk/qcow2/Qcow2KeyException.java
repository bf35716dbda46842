package io.imprint.core.app.disk.qcow2;

/**
 * An encrypted qcow2 that cannot be decrypted with what was given: no passphrase, or one that opens
 * none of its LUKS key slots. Apart from {@link Qcow2Exception} because it is the key's fault, not
 * the file's: an import reports it as {@code encrypted_data_key_invalid}.
 */
public final class Qcow2KeyException extends Exception {
  public Qcow2KeyException(String message) {
    super(message);
  }
}
