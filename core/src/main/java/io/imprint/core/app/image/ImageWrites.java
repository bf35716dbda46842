package io.imprint.core.app.image;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.event.ChangeEvent;
import io.imprint.core.domain.image.Image;
import io.imprint.core.port.Events;
import io.imprint.core.port.Tx;

/**
 * Writes an image that {@code ImageLifecycle} (or a non-status edit) produced: a compare-and-set
 * whose loss is a conflict, never an overwrite, and the change's event in the same transaction.
 * Every image service writes through here, so no status change escapes its event.
 */
final class ImageWrites {
  private final Deployment deployment;
  private final Events events;

  ImageWrites(Deployment deployment, Events events) {
    this.deployment = deployment;
    this.events = events;
  }

  /**
   * Writes {@code after} over {@code before}, announcing a status change with {@code action} and
   * {@code cause}.
   */
  void update(Tx tx, Image before, Image after, String action, String cause) {
    if (!tx.images().update(after)) {
      throw ApiException.conflict(
          ErrorCode.CONFLICT, "Image " + before.name() + " changed meanwhile; retry.");
    }
    if (after.status() != before.status()
        || !after.statusReasons().equals(before.statusReasons())) {
      var reasons = after.statusReasons();
      announce(
          tx,
          new ChangeEvent(
              action,
              "image",
              before.id(),
              before.status().wire(),
              after.status().wire(),
              cause,
              reasons.isEmpty() ? null : reasons.getFirst().code(),
              deployment.now()));
    }
  }

  /** Inserts a new image and announces it. */
  void create(Tx tx, Image image, String cause) {
    tx.images().insert(image);
    var reasons = image.statusReasons();
    announce(
        tx,
        new ChangeEvent(
            "is.image.image.create",
            "image",
            image.id(),
            null,
            image.status().wire(),
            cause,
            reasons.isEmpty() ? null : reasons.getFirst().code(),
            deployment.now()));
  }

  /** Deletes the image if it is still the version read, and announces it. */
  void delete(Tx tx, Image image, String cause, String reason) {
    if (!tx.images().delete(image.id(), image.version())) {
      throw ApiException.conflict(
          ErrorCode.CONFLICT,
          "Image " + image.name() + " changed while it was being deleted; retry.");
    }
    announce(
        tx,
        new ChangeEvent(
            "is.image.image.delete",
            "image",
            image.id(),
            image.status().wire(),
            "deleted",
            cause,
            reason,
            deployment.now()));
  }

  void announce(Tx tx, ChangeEvent event) {
    events.emitAfterCommit(tx, event);
  }
}
