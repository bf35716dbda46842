package io.imprint.core.domain.image;

import io.imprint.core.domain.common.Reference;
import io.imprint.core.domain.common.StatusReason;
import java.time.Instant;
import java.util.List;

/**
 * An image, in four parts that change for different reasons: its lifecycle {@link State} (changed
 * only through {@link ImageLifecycle}, with compare-and-set on {@code version}), who owns it, its
 * file, and where it came from. The accessors of the parts' fields are repeated here, so readers
 * say {@code image.status()} and need not know the grouping.
 *
 * @param state status, reasons and the lifecycle dates
 * @param owner visibility, the owning account (the configured account for custom images, the
 *     provider's for the stock catalog; the wire shows it as {@code remote.account}, or {@code
 *     owner_type} for old API versions, only when it is not the caller's), resource group
 * @param file size, checksum and smallest boot volume (null until the content exists), encryption
 * @param origin operating system, user data format, source volume and allowed use
 */
public record Image(
    String id,
    String name,
    State state,
    Owner owner,
    File file,
    Origin origin,
    Instant createdAt,
    long version) {

  /**
   * The lifecycle part: only {@link ImageLifecycle} and {@link ImageEncryption} make a new one.
   * {@code resumeTo} is set only while the image is {@code unusable} because its root key is
   * disabled: the status it returns to when the key is enabled again.
   */
  public record State(
      ImageStatus status,
      List<StatusReason> statusReasons,
      Instant deprecationAt,
      Instant obsolescenceAt,
      ImageStatus resumeTo) {
    /**
     * Lists are copied: records are shared once read (a store may cache them), so none may change.
     */
    public State {
      statusReasons = statusReasons == null ? null : List.copyOf(statusReasons);
    }

    public State(
        ImageStatus status,
        List<StatusReason> statusReasons,
        Instant deprecationAt,
        Instant obsolescenceAt) {
      this(status, statusReasons, deprecationAt, obsolescenceAt, null);
    }
  }

  public record Owner(
      Visibility visibility,
      String ownerAccountId,
      String resourceGroupId,
      boolean catalogManaged) {}

  public record File(
      Integer fileSizeGb,
      String sha256,
      Integer minimumProvisionedSize,
      String encryption,
      String encryptionKeyCrn) {
    /** Provider-managed encryption, before the content exists. */
    public static File empty(Integer minimumProvisionedSize) {
      return empty(minimumProvisionedSize, null);
    }

    /**
     * Before the content exists: {@code user_managed} under the customer root key {@code keyCrn},
     * or {@code none} (an image's word for provider-managed) when it is null.
     */
    public static File empty(Integer minimumProvisionedSize, String keyCrn) {
      return new File(
          null, null, minimumProvisionedSize, keyCrn == null ? "none" : "user_managed", keyCrn);
    }
  }

  public record Origin(
      String operatingSystemName,
      String userDataFormat,
      Reference sourceVolume,
      AllowedUse allowedUse) {}

  public enum Visibility {
    PRIVATE,
    PUBLIC;

    public String wire() {
      return name().toLowerCase();
    }
  }

  public ImageStatus status() {
    return state.status();
  }

  public List<StatusReason> statusReasons() {
    return state.statusReasons();
  }

  public Instant deprecationAt() {
    return state.deprecationAt();
  }

  public Instant obsolescenceAt() {
    return state.obsolescenceAt();
  }

  public Visibility visibility() {
    return owner.visibility();
  }

  public String ownerAccountId() {
    return owner.ownerAccountId();
  }

  public String resourceGroupId() {
    return owner.resourceGroupId();
  }

  public boolean catalogManaged() {
    return owner.catalogManaged();
  }

  public Integer fileSizeGb() {
    return file.fileSizeGb();
  }

  public String sha256() {
    return file.sha256();
  }

  public Integer minimumProvisionedSize() {
    return file.minimumProvisionedSize();
  }

  public String encryption() {
    return file.encryption();
  }

  public String encryptionKeyCrn() {
    return file.encryptionKeyCrn();
  }

  public String operatingSystemName() {
    return origin.operatingSystemName();
  }

  public String userDataFormat() {
    return origin.userDataFormat();
  }

  public Reference sourceVolume() {
    return origin.sourceVolume();
  }

  public AllowedUse allowedUse() {
    return origin.allowedUse();
  }

  public Image withName(String newName) {
    return new Image(id, newName, state, owner, file, origin, createdAt, version);
  }

  /**
   * The image once its content exists: size in GB (rounded up), checksum and the smallest boot
   * volume it needs.
   */
  public Image withContent(int newFileSizeGb, String newSha256, int newMinimumProvisionedSize) {
    var content =
        new File(
            newFileSizeGb,
            newSha256,
            newMinimumProvisionedSize,
            file.encryption(),
            file.encryptionKeyCrn());
    return new Image(id, name, state, owner, content, origin, createdAt, version);
  }

  /**
   * Only {@link ImageLifecycle} and {@link ImageEncryption} change a status: every change must be a
   * row of the table.
   */
  Image withState(State newState) {
    return new Image(id, name, newState, owner, file, origin, createdAt, version);
  }

  public Image withAllowedUse(AllowedUse newAllowedUse) {
    var newOrigin =
        new Origin(
            origin.operatingSystemName(),
            origin.userDataFormat(),
            origin.sourceVolume(),
            newAllowedUse);
    return new Image(id, name, state, owner, file, newOrigin, createdAt, version);
  }

  /**
   * Whether a new instance may boot from it, per IBM: available, partially available and deprecated
   * images.
   */
  public boolean isProvisionable() {
    return state.status() == ImageStatus.AVAILABLE
        || state.status() == ImageStatus.PARTIALLY_AVAILABLE
        || state.status() == ImageStatus.DEPRECATED;
  }
}
