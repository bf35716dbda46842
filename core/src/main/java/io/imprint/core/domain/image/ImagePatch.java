package io.imprint.core.domain.image;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code ImagePatch} as a merge patch: null fields are unchanged; {@code clear…} is an explicit
 * JSON null, which removes the date.
 */
public record ImagePatch(
    String name,
    Instant deprecationAt,
    boolean clearDeprecationAt,
    Instant obsolescenceAt,
    boolean clearObsolescenceAt,
    AllowedUse allowedUse) {

  /**
   * Dates are kept to the millisecond, as the wire and the stores carry them, so comparisons agree
   * everywhere.
   */
  public ImagePatch {
    deprecationAt = deprecationAt == null ? null : deprecationAt.truncatedTo(ChronoUnit.MILLIS);
    obsolescenceAt = obsolescenceAt == null ? null : obsolescenceAt.truncatedTo(ChronoUnit.MILLIS);
  }

  public boolean changesDates() {
    return deprecationAt != null
        || clearDeprecationAt
        || obsolescenceAt != null
        || clearObsolescenceAt;
  }
}
