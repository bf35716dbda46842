package io.imprint.core.domain.image;

import io.imprint.core.domain.common.Reference;
import io.imprint.core.domain.common.StatusReason;
import java.time.Instant;
import java.util.List;

/**
 * An image. {@code ownerAccountId} is the account that owns it: the configured account for custom
 * images, the provider's for the stock catalog; the wire shows it as {@code remote.account} (or
 * {@code owner_type} for old API versions) only when it is not the caller's. {@code fileSizeGb},
 * {@code sha256} and {@code minimumProvisionedSize} are null until the image's content exists.
 * Status is changed only through the lifecycle, with compare-and-set on {@code version}.
 */
public record Image(
    String id,
    String name,
    ImageStatus status,
    List<StatusReason> statusReasons,
    Visibility visibility,
    String ownerAccountId,
    String encryption,
    String encryptionKeyCrn,
    Integer fileSizeGb,
    String sha256,
    Integer minimumProvisionedSize,
    String operatingSystemName,
    String userDataFormat,
    String resourceGroupId,
    boolean catalogManaged,
    AllowedUse allowedUse,
    Instant deprecationAt,
    Instant obsolescenceAt,
    Reference sourceVolume,
    Instant createdAt,
    long version) {
  /**
   * Lists are copied: records are shared once read (a store may cache them), so none may change.
   */
  public Image {
    statusReasons = statusReasons == null ? null : List.copyOf(statusReasons);
  }

  public enum Visibility {
    PRIVATE,
    PUBLIC;

    public String wire() {
      return name().toLowerCase();
    }
  }

  public Image withName(String newName) {
    return new Image(
        id,
        newName,
        status,
        statusReasons,
        visibility,
        ownerAccountId,
        encryption,
        encryptionKeyCrn,
        fileSizeGb,
        sha256,
        minimumProvisionedSize,
        operatingSystemName,
        userDataFormat,
        resourceGroupId,
        catalogManaged,
        allowedUse,
        deprecationAt,
        obsolescenceAt,
        sourceVolume,
        createdAt,
        version);
  }

  /**
   * The image once its content exists: size in GB (rounded up), checksum and the smallest boot
   * volume it needs.
   */
  public Image withContent(int newFileSizeGb, String newSha256, int newMinimumProvisionedSize) {
    return new Image(
        id,
        name,
        status,
        statusReasons,
        visibility,
        ownerAccountId,
        encryption,
        encryptionKeyCrn,
        newFileSizeGb,
        newSha256,
        newMinimumProvisionedSize,
        operatingSystemName,
        userDataFormat,
        resourceGroupId,
        catalogManaged,
        allowedUse,
        deprecationAt,
        obsolescenceAt,
        sourceVolume,
        createdAt,
        version);
  }

  /** Only {@link ImageLifecycle} changes a status: every change must be a row of its table. */
  Image withState(
      ImageStatus newStatus,
      List<StatusReason> reasons,
      Instant newDeprecationAt,
      Instant newObsolescenceAt) {
    return new Image(
        id,
        name,
        newStatus,
        reasons,
        visibility,
        ownerAccountId,
        encryption,
        encryptionKeyCrn,
        fileSizeGb,
        sha256,
        minimumProvisionedSize,
        operatingSystemName,
        userDataFormat,
        resourceGroupId,
        catalogManaged,
        allowedUse,
        newDeprecationAt,
        newObsolescenceAt,
        sourceVolume,
        createdAt,
        version);
  }

  public Image withAllowedUse(AllowedUse newAllowedUse) {
    return new Image(
        id,
        name,
        status,
        statusReasons,
        visibility,
        ownerAccountId,
        encryption,
        encryptionKeyCrn,
        fileSizeGb,
        sha256,
        minimumProvisionedSize,
        operatingSystemName,
        userDataFormat,
        resourceGroupId,
        catalogManaged,
        newAllowedUse,
        deprecationAt,
        obsolescenceAt,
        sourceVolume,
        createdAt,
        version);
  }

  /**
   * Whether a new instance may boot from it, per IBM: available, partially available and deprecated
   * images.
   */
  public boolean isProvisionable() {
    return status == ImageStatus.AVAILABLE
        || status == ImageStatus.PARTIALLY_AVAILABLE
        || status == ImageStatus.DEPRECATED;
  }
}
