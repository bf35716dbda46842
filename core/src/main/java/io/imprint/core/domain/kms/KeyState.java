package io.imprint.core.domain.kms;

import java.util.Arrays;

/**
 * Key Protect's key states, with the numbers its API shows ({@code "state": 1}). Imprint's root
 * keys are created active, so {@link #PRE_ACTIVATION} and {@link #DEACTIVATED} (which Key Protect
 * reaches by expiration dates) are listed for the wire but never entered.
 */
public enum KeyState {
  PRE_ACTIVATION(0),
  ACTIVE(1),
  /** Disabled: no wrap, unwrap, rewrap or rotation until enabled again. */
  SUSPENDED(2),
  DEACTIVATED(3),
  /** Deleted: the material is gone for good, the metadata stays readable. */
  DESTROYED(5);

  private final int code;

  KeyState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static KeyState ofCode(int code) {
    return Arrays.stream(values())
        .filter(s -> s.code == code)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no key state " + code));
  }
}
