package io.imprint.core.domain.volume;

import io.imprint.core.domain.common.Reference;
import io.imprint.core.domain.common.StatusReason;
import java.time.Instant;
import java.util.List;

/**
 * A block volume, in parts: its {@link Spec}, {@link Placement}, {@link Content} and {@link State};
 * the parts' fields have accessors here too. {@code operatingSystemName} and {@code sourceImage}
 * are set for boot volumes made from an image. {@code busy} marks a serialised operation (a
 * capture) in progress. Attachments live in their own records ({@link VolumeAttachment}) so that
 * "attached to at most one instance" is a store constraint.
 */
public record Volume(
    String id,
    String name,
    Spec spec,
    Placement placement,
    Content content,
    State state,
    Instant createdAt,
    long version) {

  public record Spec(int capacity, String profileName, int iops) {}

  /** Where the volume is. Its user tags are Global Tagging's, kept apart by resource. */
  public record Placement(String zone, String resourceGroupId) {}

  /** What is on the volume: how it is encrypted and, for a boot volume, the image it came from. */
  public record Content(
      String encryption,
      String encryptionKeyCrn,
      String operatingSystemName,
      Reference sourceImage) {
    /** Provider-managed encryption, and an image's operating system for a boot volume. */
    public static Content providerManaged(String operatingSystemName, Reference sourceImage) {
      return new Content("provider_managed", null, operatingSystemName, sourceImage);
    }

    /**
     * {@code user_managed} under the customer root key {@code keyCrn}, or provider-managed when it
     * is null.
     */
    public static Content encrypted(
        String keyCrn, String operatingSystemName, Reference sourceImage) {
      return keyCrn == null
          ? providerManaged(operatingSystemName, sourceImage)
          : new Content("user_managed", keyCrn, operatingSystemName, sourceImage);
    }
  }

  /**
   * Status and reasons, and whether a serialised operation runs. {@code resumeTo} is set only while
   * the volume is {@code unusable} because its root key is disabled: the status it returns to.
   * Changed only through {@link VolumeTransitions}.
   */
  public record State(
      VolumeStatus status, boolean busy, List<StatusReason> statusReasons, VolumeStatus resumeTo) {
    public State {
      statusReasons = statusReasons == null ? List.of() : List.copyOf(statusReasons);
    }

    public State(VolumeStatus status, boolean busy) {
      this(status, busy, List.of(), null);
    }
  }

  public int capacity() {
    return spec.capacity();
  }

  public String profileName() {
    return spec.profileName();
  }

  public int iops() {
    return spec.iops();
  }

  public String zone() {
    return placement.zone();
  }

  public String resourceGroupId() {
    return placement.resourceGroupId();
  }

  public String encryption() {
    return content.encryption();
  }

  public String encryptionKeyCrn() {
    return content.encryptionKeyCrn();
  }

  public String operatingSystemName() {
    return content.operatingSystemName();
  }

  public Reference sourceImage() {
    return content.sourceImage();
  }

  public VolumeStatus status() {
    return state.status();
  }

  public boolean busy() {
    return state.busy();
  }

  public List<StatusReason> statusReasons() {
    return state.statusReasons();
  }

  public Volume withNameCapacity(String newName, int newCapacity, int newIops) {
    return new Volume(
        id,
        newName,
        new Spec(newCapacity, spec.profileName(), newIops),
        placement,
        content,
        state,
        createdAt,
        version);
  }

  public Volume withBusy(boolean newBusy) {
    return new Volume(
        id,
        name,
        spec,
        placement,
        content,
        new State(state.status(), newBusy, state.statusReasons(), state.resumeTo()),
        createdAt,
        version);
  }

  /** Only {@link VolumeTransitions} changes a status. */
  Volume withState(State newState) {
    return new Volume(id, name, spec, placement, content, newState, createdAt, version);
  }

  public int bandwidth() {
    return Math.min(8192, Math.max(393, spec.iops() * 16 / 125));
  }
}
