package io.imprint.core.domain.image;

import java.util.Arrays;
import java.util.Optional;

/**
 * The orders an image list can be asked for besides its default, the order images were stored in:
 * IBM's {@code sort} values as its other VPC lists take them, a leading {@code -} for descending.
 * Equal creation dates fall back to the storing order, in the same direction; names are unique.
 */
public enum ImageSort {
  NAME("name"),
  NAME_DESCENDING("-name"),
  CREATED_AT("created_at"),
  CREATED_AT_DESCENDING("-created_at");

  private final String wire;

  ImageSort(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public boolean descending() {
    return wire.startsWith("-");
  }

  public static Optional<ImageSort> fromWire(String s) {
    return Arrays.stream(values()).filter(v -> v.wire.equals(s)).findFirst();
  }
}
