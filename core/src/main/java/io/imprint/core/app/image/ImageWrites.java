package io.imprint.core.app.image;

import io.imprint.core.app.disk.Protection;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Outcome;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.tag.TaggedResource;
import io.imprint.core.port.Tx;
import java.util.List;

/**
 * Writes an image that {@code ImageLifecycle} (or a non-status edit) produced: a compare-and-set
 * whose loss is a conflict, never an overwrite, and the change's event in the same transaction.
 * Every image service writes through here, so no change escapes its event.
 */
final class ImageWrites {
  private final EventRecorder events;

  ImageWrites(EventRecorder events) {
    this.events = events;
  }

  /**
   * Writes {@code after} over {@code before} and records {@code verb} ({@code update}, {@code
   * deprecate}, …; {@code create} for a creation step), answered with {@code status}.
   */
  void update(Tx tx, Image before, Image after, String verb, int status, String cause) {
    if (!tx.images().update(after)) {
      throw ApiException.conflict(
          ErrorCode.CONFLICT, "Image " + before.name() + " changed meanwhile; retry.");
    }
    events.record(tx, change(after, verb, status, cause));
  }

  /** Inserts a new image and records its creation (pending until its content is there). */
  void create(Tx tx, Image image, String cause) {
    tx.images().insert(image);
    events.record(tx, change(image, "create", 201, cause));
  }

  /** Deletes the image if it is still the version read, and records it. */
  void delete(Tx tx, Image image, String cause) {
    if (!tx.images().delete(image.id(), image.version())) {
      throw ApiException.conflict(
          ErrorCode.CONFLICT,
          "Image " + image.name() + " changed while it was being deleted; retry.");
    }
    tx.tags().detachAll(TaggedResource.image(image.id()));
    events.record(tx, Change.of(Subject.of(image), "delete", 202, cause));
  }

  /**
   * How the image's disk is protected: by its customer root key, with which the image's CRN is
   * registered, or by the master key.
   */
  Protection protection(Image image) {
    return image.encryptionKeyCrn() == null
        ? Protection.PROVIDER
        : new Protection(image.encryptionKeyCrn(), events.crnOf(Subject.of(image)));
  }

  /** Records a change of another resource that an image's change brought about. */
  void record(Tx tx, Change change) {
    events.record(tx, change);
  }

  /** Records many changes at once (the scheduler's batch), in one insert. */
  void recordAll(Tx tx, List<Change> changes) {
    events.recordAll(tx, changes);
  }

  /**
   * The event of {@code image} as written, with its status. A creation is pending until the content
   * is there, and its outcome is the creation's: success when the image became available, failure
   * (with the reason) when it failed or was cancelled.
   */
  static Change change(Image image, String verb, int status, String cause) {
    var reasons = image.statusReasons();
    var change =
        Change.of(Subject.of(image), verb, status, cause)
            .with("status", image.status().wire())
            .with("statusReason", reasons.isEmpty() ? null : reasons.getFirst().code());
    if (!verb.equals("create")) {
      return change;
    }
    return switch (image.status()) {
      case PENDING -> change.withOutcome(Outcome.PENDING);
      case FAILED -> change.failed(reasons.isEmpty() ? "failed" : reasons.getFirst().message());
      default -> change;
    };
  }
}
