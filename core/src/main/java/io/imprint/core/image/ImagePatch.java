package io.imprint.core.image;

import java.time.Instant;

/**
 * {@code ImagePatch} as a merge patch: null fields are unchanged; {@code clear…} is an explicit JSON null, which
 * removes the date.
 */
public record ImagePatch(
    String name,
    Instant deprecationAt,
    boolean clearDeprecationAt,
    Instant obsolescenceAt,
    boolean clearObsolescenceAt,
    AllowedUse allowedUse) {

  public boolean changesDates() {
    return deprecationAt != null || clearDeprecationAt || obsolescenceAt != null || clearObsolescenceAt;
  }
}
