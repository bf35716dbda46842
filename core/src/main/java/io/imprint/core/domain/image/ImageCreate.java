package io.imprint.core.domain.image;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code ImagePrototype}: an image from a file ({@code ImagePrototypeImageByFile}) or from a boot
 * volume ({@code ImagePrototypeImageBySourceVolume}); what both share is in {@link Common}. Null
 * fields take IBM's defaults.
 */
public sealed interface ImageCreate {
  Common common();

  /**
   * What every image request may give.
   *
   * @param encryptionKeyCrn the customer root key asked for ({@code encryption_key.crn}), or null
   * @param encryptedDataKey {@code encrypted_data_key} as given (base64 text), or null: for an
   *     import, the passphrase of a LUKS-encrypted qcow2 wrapped by the root key {@code
   *     encryptionKeyCrn}
   * @param apiVersion the request's API version, the default of {@code allowed_use.api_version}
   */
  record Common(
      String name,
      String resourceGroupId,
      String encryptionKeyCrn,
      String encryptedDataKey,
      Instant deprecationAt,
      Instant obsolescenceAt,
      AllowedUse allowedUse,
      String apiVersion) {

    /**
     * Dates are kept to the millisecond, as the wire and the stores carry them, so comparisons
     * agree everywhere.
     */
    public Common {
      deprecationAt = deprecationAt == null ? null : deprecationAt.truncatedTo(ChronoUnit.MILLIS);
      obsolescenceAt =
          obsolescenceAt == null ? null : obsolescenceAt.truncatedTo(ChronoUnit.MILLIS);
    }

    public boolean encryptedDataKeyGiven() {
      return encryptedDataKey != null;
    }
  }

  /** An import: a qcow2 or raw file under the import directory, with its operating system. */
  record FromFile(Common common, String fileHref, String operatingSystemName)
      implements ImageCreate {}

  /**
   * A capture of a stopped instance's boot volume.
   *
   * @param providerManaged the request gave {@code encryption_key: null}: an image without a
   *     customer root key, which a volume under one cannot give
   */
  record FromVolume(Common common, String sourceVolumeId, boolean providerManaged)
      implements ImageCreate {}

  default String name() {
    return common().name();
  }

  default String resourceGroupId() {
    return common().resourceGroupId();
  }

  default Instant deprecationAt() {
    return common().deprecationAt();
  }

  default Instant obsolescenceAt() {
    return common().obsolescenceAt();
  }

  default AllowedUse allowedUse() {
    return common().allowedUse();
  }

  default String apiVersion() {
    return common().apiVersion();
  }
}
