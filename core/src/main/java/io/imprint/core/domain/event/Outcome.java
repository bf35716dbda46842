package io.imprint.core.domain.event;

/**
 * How the change an event reports turned out, as Activity Tracker spells it: {@code pending} while
 * an asynchronous change (an image being created) is under way.
 */
public enum Outcome {
  SUCCESS,
  PENDING,
  FAILURE;

  public String wire() {
    return name().toLowerCase();
  }

  public static Outcome fromWire(String value) {
    for (var o : values()) {
      if (o.wire().equals(value)) {
        return o;
      }
    }
    throw new IllegalArgumentException("not an outcome: " + value);
  }
}
