package io.imprint.core.domain.volume;

import static io.imprint.core.domain.volume.VolumeStatus.*;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.common.Target;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The volume's status moves that its customer root key makes, status × event → status (reference
 * §2, §4): disabled, an available volume is {@code unusable} ({@code encryption_key_disabled}, a
 * reason IBM lists for images only; its volumes' enum has just {@code encryption_key_deleted}) and
 * remembers its status; enabled again, it returns to it; deleted, it is {@code unusable} ({@code
 * encryption_key_deleted}) for good. A move that is not a row is a bug.
 */
public final class VolumeTransitions {
  public enum Event {
    KEY_DISABLED,
    KEY_ENABLED,
    KEY_DELETED
  }

  public static final String KEY_DISABLED = "encryption_key_disabled";
  public static final String KEY_DELETED = "encryption_key_deleted";

  private static final Map<Event, Map<VolumeStatus, Set<VolumeStatus>>> TABLE =
      new EnumMap<>(Event.class);

  static {
    for (var status : List.of(AVAILABLE, UPDATING)) {
      row(Event.KEY_DISABLED, status, UNUSABLE);
      row(Event.KEY_DELETED, status, UNUSABLE);
    }
    row(Event.KEY_DELETED, UNUSABLE, UNUSABLE);
    row(Event.KEY_ENABLED, UNUSABLE, AVAILABLE, UPDATING);
  }

  private static void row(Event event, VolumeStatus from, VolumeStatus... to) {
    var targets = EnumSet.noneOf(VolumeStatus.class);
    targets.addAll(List.of(to));
    TABLE.computeIfAbsent(event, e -> new EnumMap<>(VolumeStatus.class)).put(from, targets);
  }

  private VolumeTransitions() {}

  /** Whether the table has the row {@code from} × {@code event} → {@code to}. */
  public static boolean allows(VolumeStatus from, Event event, VolumeStatus to) {
    return TABLE.getOrDefault(event, Map.of()).getOrDefault(from, Set.of()).contains(to);
  }

  /** The key was disabled: unusable, remembering the status; null if the volume cannot move. */
  public static Volume keyDisabled(Volume volume) {
    if (!allows(volume.status(), Event.KEY_DISABLED, UNUSABLE)) {
      return null;
    }
    var reason =
        new StatusReason(
            KEY_DISABLED,
            "The volume's root key "
                + volume.encryptionKeyCrn()
                + " is disabled; enable it to use the volume again.");
    return move(volume, Event.KEY_DISABLED, UNUSABLE, reason, volume.status());
  }

  /** The key is enabled again: back to the status it had; null if it was not disabled. */
  public static Volume keyEnabled(Volume volume) {
    var resumeTo = volume.state().resumeTo();
    if (volume.status() != UNUSABLE || resumeTo == null || !reasonOf(volume).equals(KEY_DISABLED)) {
      return null;
    }
    return move(volume, Event.KEY_ENABLED, resumeTo, null, null);
  }

  /** The key was deleted: unusable for good; null if it already is. */
  public static Volume keyDeleted(Volume volume) {
    if (!allows(volume.status(), Event.KEY_DELETED, UNUSABLE)
        || reasonOf(volume).equals(KEY_DELETED)) {
      return null;
    }
    var reason =
        new StatusReason(
            KEY_DELETED,
            "The volume's root key "
                + volume.encryptionKeyCrn()
                + " was deleted; its data cannot be decrypted any more.");
    return move(volume, Event.KEY_DELETED, UNUSABLE, reason, null);
  }

  /**
   * Refuses to {@code what} (read or write the content, capture an image, attach) while the
   * volume's root key is disabled or deleted: 409 {@code invalid_state} naming the key.
   */
  public static void requireKeyUsable(Volume volume, String what) {
    if (volume.status() != UNUSABLE) {
      return;
    }
    var reason = reasonOf(volume);
    var deleted = isKeyDeleted(volume);
    throw new ApiException(
        ErrorCode.INVALID_STATE,
        "Volume %s is unusable (%s): its root key %s (/api/v2/keys/%s) is %s, so it cannot %s%s."
            .formatted(
                volume.name(),
                reason,
                volume.encryptionKeyCrn(),
                keyId(volume.encryptionKeyCrn()),
                deleted ? "deleted" : "disabled",
                what,
                deleted ? "" : " until the key is enabled again"),
        Target.field("encryption_key.crn", volume.encryptionKeyCrn()));
  }

  /**
   * Whether the volume is unusable because its root key was deleted, for good, rather than disabled
   * (the only other way a volume is unusable).
   */
  public static boolean isKeyDeleted(Volume volume) {
    return volume.status() == UNUSABLE && reasonOf(volume).equals(KEY_DELETED);
  }

  private static Volume move(
      Volume volume, Event event, VolumeStatus to, StatusReason reason, VolumeStatus resumeTo) {
    if (!allows(volume.status(), event, to)) {
      throw new IllegalStateException(
          event + " cannot take a volume from " + volume.status() + " to " + to);
    }
    var reasons = reason == null ? List.<StatusReason>of() : List.of(reason);
    return volume.withState(new Volume.State(to, volume.busy(), reasons, resumeTo));
  }

  private static String reasonOf(Volume volume) {
    var reasons = volume.statusReasons();
    return reasons.isEmpty() ? "" : reasons.getFirst().code();
  }

  /** The key's id, the last part of its CRN: the message names the key by it too. */
  private static String keyId(String keyCrn) {
    return keyCrn == null ? "" : keyCrn.substring(keyCrn.lastIndexOf(':') + 1);
  }
}
