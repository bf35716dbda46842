package io.imprint.core.domain.image;

import java.util.Arrays;
import java.util.Optional;

/** Image statuses as IBM's API names them ({@code partially_available} since API 2026-04-14). */
public enum ImageStatus {
  AVAILABLE,
  DELETING,
  DEPRECATED,
  FAILED,
  OBSOLETE,
  PARTIALLY_AVAILABLE,
  PENDING,
  UNUSABLE;

  public String wire() {
    return name().toLowerCase();
  }

  public static Optional<ImageStatus> fromWire(String s) {
    return Arrays.stream(values()).filter(v -> v.wire().equals(s)).findFirst();
  }
}
