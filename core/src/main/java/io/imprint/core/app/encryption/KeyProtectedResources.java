package io.imprint.core.app.encryption;

import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.image.ImageCaptureService;
import io.imprint.core.app.kms.KeyStateEffects;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.Crns;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageEncryption;
import io.imprint.core.domain.image.ImageLifecycle;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.kms.KeyState;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeTransitions;
import io.imprint.core.port.Tx;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The images and volumes a root key protects follow its state, in the key's transaction: disabled
 * (1 → 2), each becomes {@code unusable} with {@code encryption_key_disabled}; enabled (2 → 1),
 * each returns to the status it had, and a lifecycle date that fell due meanwhile is applied then,
 * as the scheduler would have (its own {@code deprecate} or {@code obsolete} event by {@code
 * schedule}); deleted (→ 5), each is {@code unusable} with {@code encryption_key_deleted} for good.
 * Every move is a row of the resource's transition table, written by compare-and-set (the images in
 * one batch, as the scheduler writes them) with its event ({@code is.image.image.update}, {@code
 * is.volume.volume.update}, initiator {@code encryption_key}). An image still being created under
 * the key has nothing readable: a disable or delete stops its creation and fails it instead. A
 * delete also erases every data key the key wraps. A disable or delete also makes the disks forget
 * the data keys they hold in the clear once it commits, so nothing they protect is read from memory
 * afterwards.
 */
public final class KeyProtectedResources implements KeyStateEffects {
  static final String CAUSE = "encryption_key";

  private final EventRecorder events;
  private final DiskService disks;
  private final ImageCaptureService creations;
  private final InstantSource clock;

  public KeyProtectedResources(
      EventRecorder events, DiskService disks, ImageCaptureService creations, InstantSource clock) {
    this.events = events;
    this.disks = disks;
    this.creations = creations;
    this.clock = clock;
  }

  @Override
  public void keyMoved(
      Tx tx, String keyCrn, KeyState from, KeyState to, List<String> resourceCrns) {
    UnaryOperator<Image> image;
    UnaryOperator<Volume> volume;
    switch (to) {
      case SUSPENDED -> {
        image = ImageEncryption::keyDisabled;
        volume = VolumeTransitions::keyDisabled;
      }
      case DESTROYED -> {
        image = ImageEncryption::keyDeleted;
        volume = VolumeTransitions::keyDeleted;
      }
      default -> {
        image = ImageEncryption::keyEnabled;
        volume = VolumeTransitions::keyEnabled;
      }
    }
    var imageIds = new ArrayList<String>();
    var volumeIds = new ArrayList<String>();
    for (var crn : resourceCrns) {
      Crns.parse(crn)
          .ifPresent(
              parts -> {
                switch (parts.type()) {
                  case "image" -> imageIds.add(parts.id());
                  case "volume" -> volumeIds.add(parts.id());
                  default -> {}
                }
              });
    }
    moveImages(tx, keyCrn, imageIds, image, to);
    moveVolumes(tx, keyCrn, volumeIds, volume);
    if (to == KeyState.DESTROYED) {
      tx.disks().destroyDataKeysWrappedBy(keyCrn);
    }
    if (to != KeyState.ACTIVE) {
      tx.afterCommit(disks.keys()::forgetDataKeys);
    }
  }

  private void moveImages(
      Tx tx, String keyCrn, List<String> ids, UnaryOperator<Image> rule, KeyState to) {
    boolean resumed = to == KeyState.ACTIVE;
    var now = clock.instant();
    var steps = new ArrayList<Image>(ids.size());
    var after = new ArrayList<Image>(ids.size());
    // one read for many images: a key can protect tens of thousands, all moved in this transaction
    for (var current : tx.images().getAll(ids)) {
      if (current.status() == ImageStatus.PENDING && !resumed) {
        // nothing of it was ever readable: its creation stops, and it fails with the key's reason
        creations.stopCreationForKey(tx, current, to == KeyState.DESTROYED);
        continue;
      }
      var moved = rule.apply(current);
      if (moved == null) {
        continue;
      }
      // back from unusable: a date that passed meanwhile applies now, as the scheduler would
      var dated = resumed ? ImageLifecycle.due(moved, now) : null;
      steps.add(moved);
      after.add(dated == null ? moved : dated);
    }
    var won = tx.images().updateStatuses(after);
    var changes = new ArrayList<Change>(after.size());
    for (int i = 0; i < won.length; i++) {
      var image = after.get(i);
      if (!won[i]) {
        throw conflict("Image " + image.name());
      }
      changes.add(imageChange(steps.get(i), "update", CAUSE).with("encryptionKey", keyCrn));
      if (image != steps.get(i)) {
        var verb = image.status() == ImageStatus.OBSOLETE ? "obsolete" : "deprecate";
        changes.add(imageChange(image, verb, "schedule"));
      }
    }
    events.recordAll(tx, changes);
  }

  private static Change imageChange(Image image, String verb, String cause) {
    var reasons = image.statusReasons();
    return Change.of(Subject.of(image), verb, 200, cause)
        .with("status", image.status().wire())
        .with("statusReason", reasons.isEmpty() ? null : reasons.getFirst().code());
  }

  private static ApiException conflict(String what) {
    return ApiException.conflict(
        ErrorCode.CONFLICT, what + " changed while its root key changed; try again.");
  }

  private void moveVolumes(Tx tx, String keyCrn, List<String> ids, UnaryOperator<Volume> rule) {
    var moved = new ArrayList<Volume>(ids.size());
    // one read and one batch of writes for many volumes, as for the images
    for (var current : tx.volumes().getAll(ids)) {
      var next = rule.apply(current);
      if (next != null) {
        moved.add(next);
      }
    }
    var won = tx.volumes().updateStates(moved);
    var changes = new ArrayList<Change>(moved.size());
    for (int i = 0; i < won.length; i++) {
      var volume = moved.get(i);
      if (!won[i]) {
        throw conflict("Volume " + volume.name());
      }
      var reasons = volume.statusReasons();
      changes.add(
          Change.of(Subject.of(volume), "update", 200, CAUSE)
              .with("status", volume.status().wire())
              .with("statusReason", reasons.isEmpty() ? null : reasons.getFirst().code())
              .with("encryptionKey", keyCrn));
    }
    events.recordAll(tx, changes);
  }
}
