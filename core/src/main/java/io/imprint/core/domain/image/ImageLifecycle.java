package io.imprint.core.domain.image;

import static io.imprint.core.domain.image.ImageStatus.*;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.common.Target;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image lifecycle as one table, status × event → status, with IBM's guards beside it (reference
 * §3 "Lifecycle rules"). It is the only gate: every status change of an image (the API actions,
 * PATCH of dates, the scheduler, capture and import start, success, failure and cancel, delete) is
 * a method here that returns the next image, and {@link Image} has no public way to set a status.
 * Services only write what this class returns, with compare-and-set.
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
  public enum Event {
    DEPRECATE,
    OBSOLETE,
    DEPRECATION_DUE,
    OBSOLESCENCE_DUE,
    SCHEDULE_CHANGE,
    CREATION_STARTED,
    CONTENT_READY,
    CREATION_FAILED,
    CREATION_CANCELLED,
    DELETE
  }

  public static final StatusReason QUEUED =
      new StatusReason(
          "image_request_queued",
          "The image request is accepted and waiting for system resources to become available.");
  public static final StatusReason IN_PROGRESS =
      new StatusReason("image_request_in_progress", "The image is being created.");
  public static final StatusReason CANCELLED =
      new StatusReason("image_request_cancelled", "The image creation was cancelled by the user.");

  private static final Set<ImageStatus> SETTLED = EnumSet.of(AVAILABLE, DEPRECATED, OBSOLETE);

  /**
   * For each event, each status it may start from and the statuses it may lead there. Date-driven
   * events pick their target among these by the dates; {@link #move} refuses any change that is not
   * a row of this table. DELETE leads nowhere: the image is gone.
   */
  private static final Map<Event, Map<ImageStatus, Set<ImageStatus>>> TABLE =
      new EnumMap<>(Event.class);

  static {
    row(Event.DEPRECATE, AVAILABLE, DEPRECATED);
    row(Event.OBSOLETE, AVAILABLE, OBSOLETE);
    row(Event.OBSOLETE, DEPRECATED, OBSOLETE);
    row(Event.DEPRECATION_DUE, AVAILABLE, DEPRECATED);
    row(Event.OBSOLESCENCE_DUE, AVAILABLE, OBSOLETE);
    row(Event.OBSOLESCENCE_DUE, DEPRECATED, OBSOLETE);
    // new dates lie in the future and passed ones can only be cleared, so a settled image can only
    // go back
    row(Event.SCHEDULE_CHANGE, AVAILABLE, AVAILABLE);
    row(Event.SCHEDULE_CHANGE, DEPRECATED, AVAILABLE, DEPRECATED);
    row(Event.SCHEDULE_CHANGE, OBSOLETE, AVAILABLE, DEPRECATED, OBSOLETE);
    for (var status : List.of(PENDING, PARTIALLY_AVAILABLE, UNUSABLE)) {
      row(Event.SCHEDULE_CHANGE, status, status);
    }
    row(Event.CREATION_STARTED, PENDING, PENDING);
    row(Event.CONTENT_READY, PENDING, AVAILABLE, DEPRECATED, OBSOLETE);
    row(Event.CREATION_FAILED, PENDING, FAILED);
    row(Event.CREATION_CANCELLED, PENDING, FAILED);
    for (var status :
        List.of(AVAILABLE, DEPRECATED, OBSOLETE, FAILED, PENDING, PARTIALLY_AVAILABLE, UNUSABLE)) {
      row(Event.DELETE, status);
    }
  }

  private static void row(Event event, ImageStatus from, ImageStatus... to) {
    var targets = EnumSet.noneOf(ImageStatus.class);
    targets.addAll(List.of(to));
    TABLE.computeIfAbsent(event, e -> new EnumMap<>(ImageStatus.class)).put(from, targets);
  }

  private ImageLifecycle() {}

  /**
   * Whether {@code event} may happen to an image in {@code status} (the table alone, without
   * guards).
   */
  public static boolean allows(ImageStatus status, Event event) {
    return TABLE.getOrDefault(event, Map.of()).containsKey(status);
  }

  /** What the dates say a settled image is at {@code now}. */
  public static ImageStatus byDates(Instant deprecationAt, Instant obsolescenceAt, Instant now) {
    if (obsolescenceAt != null && !obsolescenceAt.isAfter(now)) {
      return OBSOLETE;
    }
    if (deprecationAt != null && !deprecationAt.isAfter(now)) {
      return DEPRECATED;
    }
    return AVAILABLE;
  }

  /**
   * {@code deprecateImage}: needs available and no {@code deprecation_at} at all; sets it to now.
   */
  public static Image deprecate(Image image, Instant now) {
    requireOwnedAndUnmanaged(image, "deprecated");
    require(
        image,
        Event.DEPRECATE,
        "Only an available image can be deprecated; this one is " + image.status().wire() + ".");
    if (image.deprecationAt() != null) {
      throw conflict(
          "Image "
              + image.name()
              + " has deprecation_at set ("
              + image.deprecationAt()
              + "); clear it with PATCH {\"deprecation_at\": null} first, or let the schedule deprecate it.");
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
    require(
        image,
        Event.OBSOLETE,
        "Only an available or deprecated image can be made obsolete; this one is "
            + image.status().wire()
            + ".");
    if (image.deprecationAt() != null && image.deprecationAt().isAfter(now)) {
      throw conflict(
          "Image "
              + image.name()
              + " is scheduled to be deprecated at "
              + image.deprecationAt()
              + "; clear deprecation_at with PATCH first.");
    }
    if (image.obsolescenceAt() != null) {
      throw conflict(
          "Image "
              + image.name()
              + " has obsolescence_at set ("
              + image.obsolescenceAt()
              + "); clear it with PATCH {\"obsolescence_at\": null} first, or let the schedule make it obsolete.");
    }
    return move(image, Event.OBSOLETE, OBSOLETE, image.deprecationAt(), now, image.statusReasons());
  }

  /**
   * A date fell due: the scheduler's transition, or null when there is nothing to do (not due, or
   * already applied).
   */
  public static Image due(Image image, Instant now) {
    var event = dueEvent(image, now);
    if (event == null) {
      return null;
    }
    var target = byDates(image.deprecationAt(), image.obsolescenceAt(), now);
    return move(
        image, event, target, image.deprecationAt(), image.obsolescenceAt(), image.statusReasons());
  }

  /**
   * The scheduler's event that is due for {@code image} at {@code now}, or null: what the store's
   * due query must find.
   */
  public static Event dueEvent(Image image, Instant now) {
    var target = byDates(image.deprecationAt(), image.obsolescenceAt(), now);
    if (!SETTLED.contains(image.status()) || target == image.status()) {
      return null;
    }
    var event = target == OBSOLETE ? Event.OBSOLESCENCE_DUE : Event.DEPRECATION_DUE;
    return TABLE.get(event).getOrDefault(image.status(), Set.of()).contains(target) ? event : null;
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
    if (!allows(image.status(), Event.SCHEDULE_CHANGE)) {
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
    return move(
        image,
        Event.CREATION_STARTED,
        PENDING,
        image.deprecationAt(),
        image.obsolescenceAt(),
        List.of(IN_PROGRESS));
  }

  /**
   * The content is complete: available, or what its dates say if they passed while it was pending.
   */
  public static Image contentReady(Image image, Instant now) {
    require(image, Event.CONTENT_READY, "Image " + image.name() + " is not pending.");
    var status = byDates(image.deprecationAt(), image.obsolescenceAt(), now);
    return move(
        image,
        Event.CONTENT_READY,
        status,
        image.deprecationAt(),
        image.obsolescenceAt(),
        List.of());
  }

  /** The capture or import failed for good: {@code failed}, with the reasons. */
  public static Image creationFailed(Image image, List<StatusReason> reasons) {
    require(image, Event.CREATION_FAILED, "Image " + image.name() + " is not pending.");
    return move(
        image,
        Event.CREATION_FAILED,
        FAILED,
        image.deprecationAt(),
        image.obsolescenceAt(),
        reasons);
  }

  /** The user cancelled the capture: {@code failed}, saying so. */
  public static Image creationCancelled(Image image) {
    require(
        image,
        Event.CREATION_CANCELLED,
        "Image " + image.name() + " is not being created; nothing to cancel.");
    return move(
        image,
        Event.CREATION_CANCELLED,
        FAILED,
        image.deprecationAt(),
        image.obsolescenceAt(),
        List.of(CANCELLED));
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
    if (isBeingCreated(image)) {
      throw conflict(
          "Image "
              + image.name()
              + " is being created (image_request_in_progress) and cannot be deleted until it finishes.");
    }
  }

  /**
   * Whether a worker is writing the image's content now (a delete must wait for it; a cancel stops
   * it).
   */
  public static boolean isBeingCreated(Image image) {
    return image.status() == PENDING
        && image.statusReasons().stream().anyMatch(r -> r.code().equals(IN_PROGRESS.code()));
  }

  /** The one place a status changes: the table must have the row, or the caller has a bug. */
  private static Image move(
      Image image,
      Event event,
      ImageStatus to,
      Instant deprecationAt,
      Instant obsolescenceAt,
      List<StatusReason> reasons) {
    if (!TABLE.getOrDefault(event, Map.of()).getOrDefault(image.status(), Set.of()).contains(to)) {
      throw new IllegalStateException(
          event + " cannot take an image from " + image.status() + " to " + to);
    }
    return image.withState(to, reasons, deprecationAt, obsolescenceAt);
  }

  private static void requirePassedOnlyCleared(
      Instant current, String field, Image image, Instant now) {
    if (current != null && !current.isAfter(now)) {
      throw new ApiException(
          ErrorCode.INVALID_STATE,
          field
              + " of image "
              + image.name()
              + " has passed ("
              + current
              + "); it can only be cleared with null, not changed.",
          Target.field(field, current));
    }
  }

  private static void requireFuture(Instant value, String field, Instant now) {
    if (!value.isAfter(now)) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE, field + " must be in the future.", Target.field(field, value));
    }
  }

  private static void require(Image image, Event event, String message) {
    if (!allows(image.status(), event)) {
      throw conflict(message);
    }
  }

  private static void requireOwnedAndUnmanaged(Image image, String verb) {
    if (image.catalogManaged()) {
      throw conflict(
          "Image "
              + image.name()
              + " is managed by a catalog offering and cannot be "
              + verb
              + ".");
    }
    if (image.visibility() == Image.Visibility.PUBLIC) {
      throw conflict(
          "Image "
              + image.name()
              + " belongs to the provider's catalog and cannot be "
              + verb
              + ".");
    }
  }

  private static ApiException conflict(String message) {
    return new ApiException(ErrorCode.INVALID_STATE, message);
  }
}
