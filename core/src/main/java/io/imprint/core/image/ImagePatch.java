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

  /** Dates are kept to the millisecond, as the wire and the stores carry them, so comparisons agree everywhere. */
  public ImagePatch {
    deprecationAt = deprecationAt == null ? null : deprecationAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    obsolescenceAt = obsolescenceAt == null ? null : obsolescenceAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  public boolean changesDates() {
    return deprecationAt != null || clearDeprecationAt || obsolescenceAt != null || clearObsolescenceAt;
  }
}
