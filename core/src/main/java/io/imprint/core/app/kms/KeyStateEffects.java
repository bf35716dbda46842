package io.imprint.core.app.kms;

import io.imprint.core.domain.kms.KeyState;
import io.imprint.core.port.Tx;
import java.util.List;

/**
 * What a root key's state change does to the resources it protects (its registrations): run in the
 * transaction of the change, so the key and what it protects move together. The images' and
 * volumes' side is wired in at start ({@link KeyService#onStateChange}); by default nothing.
 */
@FunctionalInterface
public interface KeyStateEffects {
  KeyStateEffects NONE = (tx, keyCrn, from, to, resourceCrns) -> {};

  /**
   * The key {@code keyCrn} moved {@code from} → {@code to} in {@code tx}; {@code resourceCrns} are
   * the CRNs it protects.
   */
  void keyMoved(Tx tx, String keyCrn, KeyState from, KeyState to, List<String> resourceCrns);
}
