package io.imprint.core.domain.image;

import static io.imprint.core.domain.image.ImageStatus.UNUSABLE;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.image.ImageTransitions.Event;
import java.util.List;

/**
 * What an image's customer root key does to it (reference §2, §7): disabled, an image with content
 * is {@code unusable} ({@code encryption_key_disabled}) and remembers its status; enabled again, it
 * returns to that status; deleted, it is {@code unusable} ({@code encryption_key_deleted}) for
 * good. Each is a row of {@link ImageTransitions}. While unusable nothing reads its content and no
 * rule of the lifecycle moves it: the scheduler leaves it alone, and a date that fell due meanwhile
 * applies once it is back ({@link ImageLifecycle#due}).
 */
public final class ImageEncryption {
  public static final String KEY_DISABLED = "encryption_key_disabled";
  public static final String KEY_DELETED = "encryption_key_deleted";

  private ImageEncryption() {}

  /** The key was disabled: the image is unusable, remembering its status; null if it has none. */
  public static Image keyDisabled(Image image) {
    if (!ImageTransitions.allows(image.status(), Event.KEY_DISABLED)) {
      return null;
    }
    return ImageTransitions.move(
        image,
        Event.KEY_DISABLED,
        new Image.State(
            UNUSABLE,
            List.of(disabled(image.encryptionKeyCrn())),
            image.deprecationAt(),
            image.obsolescenceAt(),
            image.status()));
  }

  /** The key is enabled again: the image returns to the status it had; null if not disabled. */
  public static Image keyEnabled(Image image) {
    if (!isKeyDisabled(image)) {
      return null;
    }
    var resumeTo = image.state().resumeTo();
    return ImageTransitions.move(
        image,
        Event.KEY_ENABLED,
        new Image.State(resumeTo, List.of(), image.deprecationAt(), image.obsolescenceAt()));
  }

  /** The key was deleted: unusable for good, nothing to resume; null if it has no content. */
  public static Image keyDeleted(Image image) {
    if (!ImageTransitions.allows(image.status(), Event.KEY_DELETED)
        || reasonOf(image).equals(KEY_DELETED)) {
      return null;
    }
    return ImageTransitions.move(
        image,
        Event.KEY_DELETED,
        new Image.State(
            UNUSABLE,
            List.of(deleted(image.encryptionKeyCrn())),
            image.deprecationAt(),
            image.obsolescenceAt()));
  }

  /**
   * The root key of an image captured from a volume: the one the request asks for, else the
   * volume's (IBM's rule, so a provider-managed volume gives an image without one). A volume under
   * a customer key never gives a provider-managed image: asking for one ({@code encryption_key:
   * null}) is refused naming the rule.
   */
  public static String keyOfCapture(
      ImageCreate.FromVolume request, String volumeName, String volumeKeyCrn) {
    if (request.common().encryptionKeyCrn() != null) {
      return request.common().encryptionKeyCrn();
    }
    if (request.providerManaged() && volumeKeyCrn != null) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          ("Volume %s is encrypted with the root key %s, and an image of a volume under a customer"
                  + " root key cannot be provider-managed. Leave encryption_key out to keep that"
                  + " key, or give another root key.")
              .formatted(volumeName, volumeKeyCrn),
          Target.field("encryption_key"));
    }
    return volumeKeyCrn;
  }

  /**
   * The key an image is being created under was disabled or deleted before the creation ended: the
   * image is {@code failed} with the key's reason, for nothing was ever readable under it; null if
   * it is not being created.
   */
  public static Image creationStoppedByKey(Image image, boolean deleted) {
    if (!ImageTransitions.allows(image.status(), Event.CREATION_FAILED)) {
      return null;
    }
    var crn = image.encryptionKeyCrn();
    var reason =
        new StatusReason(
            deleted ? KEY_DELETED : KEY_DISABLED,
            "The image's creation stopped: its root key %s was %s before the image was ready. %s"
                .formatted(
                    crn,
                    deleted ? "deleted" : "disabled",
                    deleted
                        ? "Delete the image."
                        : "Delete the image and create it again once the key is enabled."));
    return ImageLifecycle.creationFailed(image, List.of(reason));
  }

  /**
   * Why a capture failed whose source volume's root key ({@code keyCrn}) was disabled or deleted
   * while it read the volume's chunks under another key: the key's reason, naming the key and the
   * volume, not {@code image_data_corrupted}.
   */
  public static StatusReason captureStoppedBySourceKey(
      String volumeName, String keyCrn, boolean deleted) {
    return new StatusReason(
        deleted ? KEY_DELETED : KEY_DISABLED,
        ("The image could not be created: the root key %s of the source volume %s was %s while its"
                + " data was being copied. %s")
            .formatted(
                keyCrn,
                volumeName,
                deleted ? "deleted" : "disabled",
                deleted
                    ? "Delete the image."
                    : "Delete the image and capture the volume again once the key is enabled."));
  }

  /**
   * Refuses to {@code what} (read the content, create an instance, change the lifecycle) while the
   * image's root key is disabled or deleted: 409 {@code invalid_state} naming the key.
   */
  public static void requireKeyUsable(Image image, String what) {
    var reason = reasonOf(image);
    if (image.status() != UNUSABLE
        || !(reason.equals(KEY_DISABLED) || reason.equals(KEY_DELETED))) {
      return;
    }
    var state = reason.equals(KEY_DELETED) ? "deleted" : "disabled";
    throw new ApiException(
        ErrorCode.INVALID_STATE,
        "Image %s is unusable (%s): its root key %s (/api/v2/keys/%s) is %s, so it cannot %s%s."
            .formatted(
                image.name(),
                reason,
                image.encryptionKeyCrn(),
                keyId(image.encryptionKeyCrn()),
                state,
                what,
                state.equals("disabled") ? " until the key is enabled again" : ""),
        Target.field("encryption_key.crn", image.encryptionKeyCrn()));
  }

  private static boolean isKeyDisabled(Image image) {
    return image.status() == UNUSABLE
        && image.state().resumeTo() != null
        && reasonOf(image).equals(KEY_DISABLED);
  }

  private static String reasonOf(Image image) {
    var reasons = image.statusReasons();
    return reasons == null || reasons.isEmpty() ? "" : reasons.getFirst().code();
  }

  static StatusReason disabled(String keyCrn) {
    return new StatusReason(
        KEY_DISABLED,
        "The image's root key " + keyCrn + " is disabled; enable it to use the image again.");
  }

  static StatusReason deleted(String keyCrn) {
    return new StatusReason(
        KEY_DELETED,
        "The image's root key " + keyCrn + " was deleted; its data cannot be decrypted any more.");
  }

  /** The key's id, the last part of its CRN: the message names the key by it too. */
  private static String keyId(String keyCrn) {
    return keyCrn == null ? "" : keyCrn.substring(keyCrn.lastIndexOf(':') + 1);
  }
}
