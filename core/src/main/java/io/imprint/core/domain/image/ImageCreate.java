package io.imprint.core.domain.image;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code ImagePrototype}: from a file ({@code fileHref} + {@code operatingSystemName}) or from a
 * boot volume ({@code sourceVolumeId}). Null fields take IBM's defaults.
 */
public record ImageCreate(
    String name,
    String resourceGroupId,
    String fileHref,
    String operatingSystemName,
    String sourceVolumeId,
    boolean encryptionKeyGiven,
    Instant deprecationAt,
    Instant obsolescenceAt,
    AllowedUse allowedUse,
    String apiVersion) {

  /**
   * Dates are kept to the millisecond, as the wire and the stores carry them, so comparisons agree
   * everywhere.
   */
  public ImageCreate {
    deprecationAt = deprecationAt == null ? null : deprecationAt.truncatedTo(ChronoUnit.MILLIS);
    obsolescenceAt = obsolescenceAt == null ? null : obsolescenceAt.truncatedTo(ChronoUnit.MILLIS);
  }
}
