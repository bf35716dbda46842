package io.imprint.core.domain.image;

import static io.imprint.core.domain.image.ImageStatus.*;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The image lifecycle as one table: which event may happen in which status and where it leads, with IBM's guards
 * beside it (reference §3 "Lifecycle rules"). The API actions, PATCH, the scheduler and the capture and import jobs
 * all ask this class for the next state; services only write what it returns, with compare-and-set.
 *
 * <p>For a settled image (available, deprecated or obsolete) the status always agrees with the dates and the clock:
 * obsolete once {@code obsolescence_at} has passed, else deprecated once {@code deprecation_at} has passed, else
 * available. The manual actions keep that true by setting the date to now.
 */
public final class ImageLifecycle {
  public enum Event {
    DEPRECATE,
    OBSOLETE,
    DEPRECATION_DUE,
    OBSOLESCENCE_DUE,
    SCHEDULE_CHANGE,
    CONTENT_READY,
    CREATION_FAILED,
    DELETE
  }

  private static final Set<ImageStatus> SETTLED = EnumSet.of(AVAILABLE, DEPRECATED, OBSOLETE);

  /** status × event → the statuses the event may start from; the target comes from {@link #next}. */
  static final Map<Event, Set<ImageStatus>> FROM = Map.of(
      Event.DEPRECATE, EnumSet.of(AVAILABLE),
      Event.OBSOLETE, EnumSet.of(AVAILABLE, DEPRECATED),
      Event.DEPRECATION_DUE, EnumSet.of(AVAILABLE),
      Event.OBSOLESCENCE_DUE, EnumSet.of(AVAILABLE, DEPRECATED),
      Event.SCHEDULE_CHANGE, EnumSet.of(AVAILABLE, DEPRECATED, OBSOLETE, PENDING, PARTIALLY_AVAILABLE, UNUSABLE),
      Event.CONTENT_READY, EnumSet.of(PENDING),
      Event.CREATION_FAILED, EnumSet.of(PENDING),
      Event.DELETE, EnumSet.of(AVAILABLE, DEPRECATED, OBSOLETE, FAILED, PENDING, PARTIALLY_AVAILABLE, UNUSABLE));

  /** An image after an event: its status and dates. */
  public record State(ImageStatus status, Instant deprecationAt, Instant obsolescenceAt) {}

  private ImageLifecycle() {}

  /** Whether {@code event} may happen to an image in {@code status} (the table alone, without guards). */
  public static boolean allows(ImageStatus status, Event event) {
    return FROM.get(event).contains(status);
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

  /** {@code deprecateImage}: needs available and no {@code deprecation_at} at all; sets it to now. */
  public static State deprecate(Image image, Instant now) {
    requireOwnedAndUnmanaged(image, "deprecated");
    require(image, Event.DEPRECATE, "Only an available image can be deprecated; this one is " + image.status().wire() + ".");
    if (image.deprecationAt() != null) {
      throw conflict("Image " + image.name() + " has deprecation_at set (" + image.deprecationAt()
          + "); clear it with PATCH {\"deprecation_at\": null} first, or let the schedule deprecate it.");
    }
    return new State(DEPRECATED, now, image.obsolescenceAt());
  }

  /** {@code obsoleteImage}: needs available or deprecated, no future {@code deprecation_at}, no {@code obsolescence_at}. */
  public static State obsolete(Image image, Instant now) {
    requireOwnedAndUnmanaged(image, "made obsolete");
    require(image, Event.OBSOLETE, "Only an available or deprecated image can be made obsolete; this one is " + image.status().wire() + ".");
    if (image.deprecationAt() != null && image.deprecationAt().isAfter(now)) {
      throw conflict("Image " + image.name() + " is scheduled to be deprecated at " + image.deprecationAt()
          + "; clear deprecation_at with PATCH first.");
    }
    if (image.obsolescenceAt() != null) {
      throw conflict("Image " + image.name() + " has obsolescence_at set (" + image.obsolescenceAt()
          + "); clear it with PATCH {\"obsolescence_at\": null} first, or let the schedule make it obsolete.");
    }
    return new State(OBSOLETE, image.deprecationAt(), now);
  }

  /** A date fell due: the scheduler's transition, or null when there is nothing to do (already applied). */
  public static State due(Image image, Instant now) {
    if (!SETTLED.contains(image.status()) || image.status() == OBSOLETE) {
      return null;
    }
    var target = byDates(image.deprecationAt(), image.obsolescenceAt(), now);
    if (target == image.status()) {
      return null;
    }
    var event = target == OBSOLETE ? Event.OBSOLESCENCE_DUE : Event.DEPRECATION_DUE;
    return allows(image.status(), event) ? new State(target, image.deprecationAt(), image.obsolescenceAt()) : null;
  }

  /**
   * PATCH of the dates (null = unchanged; {@code clear*} = explicit null). Dates must lie in the future and in order;
   * a date whose moment has passed can only be cleared; no dates on failed, deleting or catalog-managed images.
   */
  public static State schedule(Image image, Instant deprecationAt, boolean clearDeprecation, Instant obsolescenceAt,
      boolean clearObsolescence, Instant now) {
    if (image.catalogManaged()) {
      throw conflict("Image " + image.name() + " is managed by a catalog offering; its lifecycle dates cannot be changed.");
    }
    if (!allows(image.status(), Event.SCHEDULE_CHANGE)) {
      throw conflict("Lifecycle dates cannot be set on an image that is " + image.status().wire() + ".");
    }
    var newDeprecation = clearDeprecation ? null : deprecationAt != null ? deprecationAt : image.deprecationAt();
    var newObsolescence = clearObsolescence ? null : obsolescenceAt != null ? obsolescenceAt : image.obsolescenceAt();
    if (deprecationAt != null && !deprecationAt.equals(image.deprecationAt())) {
      requirePassedOnlyCleared(image.deprecationAt(), "deprecation_at", image, now);
      requireFuture(deprecationAt, "deprecation_at", now);
    }
    if (obsolescenceAt != null && !obsolescenceAt.equals(image.obsolescenceAt())) {
      requirePassedOnlyCleared(image.obsolescenceAt(), "obsolescence_at", image, now);
      requireFuture(obsolescenceAt, "obsolescence_at", now);
    }
    if (newDeprecation != null && newObsolescence != null && !newDeprecation.isBefore(newObsolescence)) {
      throw new ApiException(ErrorCode.INVALID_VALUE, "deprecation_at must be earlier than obsolescence_at.",
          Target.field("obsolescence_at", newObsolescence));
    }
    var status = SETTLED.contains(image.status()) ? byDates(newDeprecation, newObsolescence, now) : image.status();
    return new State(status, newDeprecation, newObsolescence);
  }

  /** The content is complete: available, or what its dates say if they passed while it was pending. */
  public static State contentReady(Image image, Instant now) {
    require(image, Event.CONTENT_READY, "Image " + image.name() + " is not pending.");
    return new State(byDates(image.deprecationAt(), image.obsolescenceAt(), now), image.deprecationAt(), image.obsolescenceAt());
  }

  private static void requirePassedOnlyCleared(Instant current, String field, Image image, Instant now) {
    if (current != null && !current.isAfter(now)) {
      throw new ApiException(ErrorCode.INVALID_STATE,
          field + " of image " + image.name() + " has passed (" + current + "); it can only be cleared with null, not changed.",
          Target.field(field, current));
    }
  }

  private static void requireFuture(Instant value, String field, Instant now) {
    if (!value.isAfter(now)) {
      throw new ApiException(ErrorCode.INVALID_VALUE, field + " must be in the future.", Target.field(field, value));
    }
  }

  private static void require(Image image, Event event, String message) {
    if (!allows(image.status(), event)) {
      throw conflict(message);
    }
  }

  private static void requireOwnedAndUnmanaged(Image image, String verb) {
    if (image.catalogManaged()) {
      throw conflict("Image " + image.name() + " is managed by a catalog offering and cannot be " + verb + ".");
    }
    if (image.visibility() == Image.Visibility.PUBLIC) {
      throw conflict("Image " + image.name() + " belongs to the provider's catalog and cannot be " + verb + ".");
    }
  }

  private static ApiException conflict(String message) {
    return new ApiException(ErrorCode.INVALID_STATE, message);
  }
}
