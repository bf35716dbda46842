package io.imprint.core.domain.image;

import static io.imprint.core.domain.image.ImageStatus.*;
import static io.imprint.core.domain.image.ImageTransitions.byDates;
import static io.imprint.core.domain.image.ImageTransitions.move;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.image.ImageTransitions.Event;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The image lifecycle: IBM's guards (reference §3 "Lifecycle rules") in front of the transition
 * table ({@link ImageTransitions}, status × event → status). It is the only gate: every status
 * change of an image (the API actions, PATCH of dates, the scheduler, the stock catalog's dates,
 * capture and import start, success, failure and cancel, delete) is a method here (or, for the root
 * key's moves, in {@link ImageEncryption}) that returns the next image through the table, and
 * {@link Image} has no public way to set a status. Services only write what this class returns,
 * with compare-and-set.
 *
 * <p>For a settled image (available, deprecated or obsolete) the status always agrees with the
 * dates and the clock: obsolete once {@code obsolescence_at} has passed, else deprecated once
 * {@code deprecation_at} has passed, else available. The manual actions keep that true by setting
 * the date to now.
 *
 * <p>IBM's {@code deleting} is never entered: a delete removes the image in the transaction that
 * accepts it (its blobs are reclaimed afterwards), so the status exists only as a value that list
 * filters accept.
 */
public final class ImageLifecycle {
  public static final StatusReason QUEUED =
      new StatusReason(
          "image_request_queued",
          "The image request is accepted and waiting for system resources to become available.");
  public static final StatusReason IN_PROGRESS =
      new StatusReason("image_request_in_progress", "The image is being created.");
  public static final StatusReason CANCELLED =
      new StatusReason("image_request_cancelled", "The image creation was cancelled by the user.");

  private static final Set<ImageStatus> SETTLED = EnumSet.of(AVAILABLE, DEPRECATED, OBSOLETE);

  private ImageLifecycle() {}

  /** A new custom image: {@code pending}, its request queued, with the dates it was asked for. */
  public static Image.State requested(Instant deprecationAt, Instant obsolescenceAt) {
    return new Image.State(PENDING, List.of(QUEUED), deprecationAt, obsolescenceAt);
  }

  /**
   * A new stock image: {@code available}, with the provider's dates, which may have passed; {@link
   * #due} then applies them, as for any image.
   */
  public static Image.State stock(Instant deprecationAt, Instant obsolescenceAt) {
    return new Image.State(AVAILABLE, List.of(), deprecationAt, obsolescenceAt);
  }

  /**
   * The provider's catalog gives a stock image other dates (a data dir of an older Imprint). Unlike
   * a PATCH they may lie in the past; the status goes back here if the new dates say so, and
   * forward only through {@link #due}, with its own event.
   */
  public static Image catalogDates(
      Image image, Instant deprecationAt, Instant obsolescenceAt, Instant now) {
    var byDates = byDates(deprecationAt, obsolescenceAt, now);
    var status =
        ImageTransitions.allows(image.status(), Event.CATALOG_DATES, byDates)
            ? byDates
            : image.status();
    return move(
        image, Event.CATALOG_DATES, status, deprecationAt, obsolescenceAt, image.statusReasons());
  }

  /**
   * {@code deprecateImage}: needs available and no {@code deprecation_at} at all; sets it to now.
   */
  public static Image deprecate(Image image, Instant now) {
    requireOwnedAndUnmanaged(image, "deprecated");
    ImageEncryption.requireKeyUsable(image, "be deprecated");
    require(
        image,
        Event.DEPRECATE,
        "Only an available image can be deprecated; this one is " + image.status().wire() + ".");
    if (image.deprecationAt() != null) {
      throw conflict(
          "Image %s has deprecation_at set (%s); clear it with PATCH {\"deprecation_at\": null} first, or let the schedule deprecate it."
              .formatted(image.name(), image.deprecationAt()));
    }
    return move(
        image, Event.DEPRECATE, DEPRECATED, now, image.obsolescenceAt(), image.statusReasons());
  }

  /**
   * {@code obsoleteImage}: needs available or deprecated, no future {@code deprecation_at}, no
   * {@code obsolescence_at}.
   */
  public static Image obsolete(Image image, Instant now) {
    requireOwnedAndUnmanaged(image, "made obsolete");
    ImageEncryption.requireKeyUsable(image, "be made obsolete");
    require(
        image,
        Event.OBSOLETE,
        "Only an available or deprecated image can be made obsolete; this one is "
            + image.status().wire()
            + ".");
    if (image.deprecationAt() != null && image.deprecationAt().isAfter(now)) {
      throw conflict(
          "Image %s is scheduled to be deprecated at %s; clear deprecation_at with PATCH first."
              .formatted(image.name(), image.deprecationAt()));
    }
    if (image.obsolescenceAt() != null) {
      throw conflict(
          "Image %s has obsolescence_at set (%s); clear it with PATCH {\"obsolescence_at\": null} first, or let the schedule make it obsolete."
              .formatted(image.name(), image.obsolescenceAt()));
    }
    return move(image, Event.OBSOLETE, OBSOLETE, image.deprecationAt(), now, image.statusReasons());
  }

  /**
   * A date fell due: the scheduler's transition, or null when there is nothing to do (not due, or
   * already applied).
   */
  public static Image due(Image image, Instant now) {
    var event = ImageTransitions.dueEvent(image, now);
    if (event == null) {
      return null;
    }
    var target = byDates(image.deprecationAt(), image.obsolescenceAt(), now);
    return move(
        image, event, target, image.deprecationAt(), image.obsolescenceAt(), image.statusReasons());
  }

  /**
   * PATCH of the dates (null = unchanged; {@code clear*} = explicit null). Dates must lie in the
   * future and in order; a date whose moment has passed can only be cleared; no dates on failed or
   * catalog-managed images.
   */
  public static Image schedule(Image image, ImagePatch patch, Instant now) {
    if (image.catalogManaged()) {
      throw conflict(
          "Image "
              + image.name()
              + " is managed by a catalog offering; its lifecycle dates cannot be changed.");
    }
    ImageEncryption.requireKeyUsable(image, "have its lifecycle dates changed");
    if (!ImageTransitions.allows(image.status(), Event.SCHEDULE_CHANGE)) {
      throw conflict(
          "Lifecycle dates cannot be set on an image that is " + image.status().wire() + ".");
    }
    var deprecationAt = patch.deprecationAt();
    var obsolescenceAt = patch.obsolescenceAt();
    var newDeprecation =
        patch.clearDeprecationAt()
            ? null
            : deprecationAt != null ? deprecationAt : image.deprecationAt();
    var newObsolescence =
        patch.clearObsolescenceAt()
            ? null
            : obsolescenceAt != null ? obsolescenceAt : image.obsolescenceAt();
    if (deprecationAt != null && !deprecationAt.equals(image.deprecationAt())) {
      requirePassedOnlyCleared(image.deprecationAt(), "deprecation_at", image, now);
      requireFuture(deprecationAt, "deprecation_at", now);
    }
    if (obsolescenceAt != null && !obsolescenceAt.equals(image.obsolescenceAt())) {
      requirePassedOnlyCleared(image.obsolescenceAt(), "obsolescence_at", image, now);
      requireFuture(obsolescenceAt, "obsolescence_at", now);
    }
    if (newDeprecation != null
        && newObsolescence != null
        && !newDeprecation.isBefore(newObsolescence)) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "deprecation_at must be earlier than obsolescence_at.",
          Target.field("obsolescence_at", newObsolescence));
    }
    var status =
        SETTLED.contains(image.status())
            ? byDates(newDeprecation, newObsolescence, now)
            : image.status();
    return move(
        image,
        Event.SCHEDULE_CHANGE,
        status,
        newDeprecation,
        newObsolescence,
        image.statusReasons());
  }

  /**
   * A worker took the image's capture or import: still pending, now {@code
   * image_request_in_progress}.
   */
  public static Image creationStarted(Image image) {
    require(image, Event.CREATION_STARTED, "Image " + image.name() + " is not pending.");
    return keepingDates(image, Event.CREATION_STARTED, PENDING, List.of(IN_PROGRESS));
  }

  /**
   * The content is complete: available, or what its dates say if they passed while it was pending.
   */
  public static Image contentReady(Image image, Instant now) {
    require(image, Event.CONTENT_READY, "Image " + image.name() + " is not pending.");
    var status = byDates(image.deprecationAt(), image.obsolescenceAt(), now);
    return keepingDates(image, Event.CONTENT_READY, status, List.of());
  }

  /** The capture or import failed for good: {@code failed}, with the reasons. */
  public static Image creationFailed(Image image, List<StatusReason> reasons) {
    require(image, Event.CREATION_FAILED, "Image " + image.name() + " is not pending.");
    return keepingDates(image, Event.CREATION_FAILED, FAILED, reasons);
  }

  /** The user cancelled the capture: {@code failed}, saying so. */
  public static Image creationCancelled(Image image) {
    require(
        image,
        Event.CREATION_CANCELLED,
        "Image " + image.name() + " is not being created; nothing to cancel.");
    return keepingDates(image, Event.CREATION_CANCELLED, FAILED, List.of(CANCELLED));
  }

  /**
   * {@code deleteImage}: refused for the provider's images and while the content is being written
   * (a queued creation is cancelled by the caller instead).
   */
  public static void requireDeletable(Image image, String accountId) {
    if (image.ownerAccountId() != null && !image.ownerAccountId().equals(accountId)) {
      throw conflict(
          "Image " + image.name() + " belongs to another account and cannot be deleted.");
    }
    require(
        image,
        Event.DELETE,
        "Image " + image.name() + " cannot be deleted while it is " + image.status().wire() + ".");
    // an image whose content is being written can be deleted too: the delete stops its job
  }

  /** A move that leaves the lifecycle dates as they are. */
  private static Image keepingDates(
      Image image, Event event, ImageStatus to, List<StatusReason> reasons) {
    return move(image, event, to, image.deprecationAt(), image.obsolescenceAt(), reasons);
  }

  private static void requirePassedOnlyCleared(
      Instant current, String field, Image image, Instant now) {
    if (current != null && !current.isAfter(now)) {
      throw new ApiException(
          ErrorCode.INVALID_STATE,
          "%s of image %s has passed (%s); it can only be cleared with null, not changed."
              .formatted(field, image.name(), current),
          Target.field(field, current));
    }
  }

  private static void requireFuture(Instant value, String field, Instant now) {
    if (!value.isAfter(now)) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE, field + " must be in the future.", Target.field(field, value));
    }
  }

  private static void require(Image image, ImageTransitions.Event event, String message) {
    if (!ImageTransitions.allows(image.status(), event)) {
      throw conflict(message);
    }
  }

  private static void requireOwnedAndUnmanaged(Image image, String verb) {
    if (image.catalogManaged()) {
      throw conflict(
          "Image %s is managed by a catalog offering and cannot be %s."
              .formatted(image.name(), verb));
    }
    if (image.visibility() == Image.Visibility.PUBLIC) {
      throw conflict(
          "Image %s belongs to the provider's catalog and cannot be %s."
              .formatted(image.name(), verb));
    }
  }

  private static ApiException conflict(String message) {
    return new ApiException(ErrorCode.INVALID_STATE, message);
  }
}
