package io.imprint.core.port;

/**
 * Wraps and unwraps data keys under a root key. The service's master key is one implementation; a
 * KMS holding customer root keys slots in behind the same port.
 */
public interface KeyWrapper {
  /** The name recorded with keys this wrapper sealed. */
  String rootKey();

  byte[] wrap(byte[] dataKey);

  /**
   * Throws {@link DiskCorruptedException} when the wrapped key does not authenticate under this
   * root key.
   */
  byte[] unwrap(byte[] wrapped);
}
