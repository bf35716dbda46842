package io.imprint.core.domain.image;

import static io.imprint.core.domain.image.ImageStatus.*;

import io.imprint.core.domain.common.StatusReason;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The image lifecycle's transition table, status × event → status, and the date rule that settled
 * images follow. {@link ImageLifecycle} guards every move with IBM's rules and then makes it here;
 * a move that is not a row of the table is a bug, never a user's mistake.
 */
public final class ImageTransitions {
  public enum Event {
    DEPRECATE,
    OBSOLETE,
    DEPRECATION_DUE,
    OBSOLESCENCE_DUE,
    SCHEDULE_CHANGE,
    CATALOG_DATES,
    CREATION_STARTED,
    CONTENT_READY,
    CREATION_FAILED,
    CREATION_CANCELLED,
    KEY_DISABLED,
    KEY_ENABLED,
    KEY_DELETED,
    DELETE
  }

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
    // an unusable image takes no new dates until its root key is back (ImageEncryption)
    for (var status : List.of(PENDING, PARTIALLY_AVAILABLE)) {
      row(Event.SCHEDULE_CHANGE, status, status);
    }
    // the provider's catalog may set dates that have passed: their forward moves are the
    // DEPRECATION_DUE and OBSOLESCENCE_DUE rows, so here too a stock image can only go back
    row(Event.CATALOG_DATES, AVAILABLE, AVAILABLE);
    row(Event.CATALOG_DATES, DEPRECATED, AVAILABLE, DEPRECATED);
    row(Event.CATALOG_DATES, OBSOLETE, AVAILABLE, DEPRECATED, OBSOLETE);
    row(Event.CREATION_STARTED, PENDING, PENDING);
    row(Event.CONTENT_READY, PENDING, AVAILABLE, DEPRECATED, OBSOLETE);
    row(Event.CREATION_FAILED, PENDING, FAILED);
    row(Event.CREATION_CANCELLED, PENDING, FAILED);
    // the root key: disabled, an image with content is unusable until the key is enabled, when it
    // returns to the status it had; deleted, it is unusable for good
    for (var status : List.of(AVAILABLE, DEPRECATED, OBSOLETE, PARTIALLY_AVAILABLE)) {
      row(Event.KEY_DISABLED, status, UNUSABLE);
      row(Event.KEY_DELETED, status, UNUSABLE);
    }
    row(Event.KEY_DELETED, UNUSABLE, UNUSABLE);
    row(Event.KEY_ENABLED, UNUSABLE, AVAILABLE, DEPRECATED, OBSOLETE, PARTIALLY_AVAILABLE);
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

  private ImageTransitions() {}

  /**
   * Whether {@code event} may happen to an image in {@code status} (the table alone, without
   * guards).
   */
  public static boolean allows(ImageStatus status, Event event) {
    return TABLE.getOrDefault(event, Map.of()).containsKey(status);
  }

  /** Whether the table has the row {@code from} × {@code event} → {@code to}. */
  public static boolean allows(ImageStatus from, Event event, ImageStatus to) {
    return TABLE.getOrDefault(event, Map.of()).getOrDefault(from, Set.of()).contains(to);
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

  /** The one place a status changes: the table must have the row, or the caller has a bug. */
  static Image move(
      Image image,
      Event event,
      ImageStatus to,
      Instant deprecationAt,
      Instant obsolescenceAt,
      List<StatusReason> reasons) {
    return move(image, event, new Image.State(to, reasons, deprecationAt, obsolescenceAt));
  }

  /** {@link #move} to a whole new state (one that remembers a status to resume). */
  static Image move(Image image, Event event, Image.State next) {
    if (!allows(image.status(), event, next.status())) {
      throw new IllegalStateException(
          event + " cannot take an image from " + image.status() + " to " + next.status());
    }
    return image.withState(next);
  }
}
