package io.imprint.core.domain.volume;

import io.imprint.core.domain.common.Reference;
import java.time.Instant;
import java.util.List;

/**
 * A block volume. {@code operatingSystemName} and {@code sourceImage} are set for boot volumes made
 * from an image. {@code busy} marks a serialised operation (a capture) in progress. Attachments
 * live in their own records ({@link VolumeAttachment}) so that "attached to at most one instance"
 * is a store constraint.
 */
public record Volume(
    String id,
    String name,
    int capacity,
    String profileName,
    int iops,
    String zone,
    String resourceGroupId,
    List<String> userTags,
    String encryption,
    String encryptionKeyCrn,
    VolumeStatus status,
    String operatingSystemName,
    Reference sourceImage,
    boolean busy,
    Instant createdAt,
    long version) {
  /**
   * Lists are copied: records are shared once read (a store may cache them), so none may change.
   */
  public Volume {
    userTags = userTags == null ? null : List.copyOf(userTags);
  }

  public Volume withNameCapacityTags(
      String newName, int newCapacity, int newIops, List<String> newTags) {
    return new Volume(
        id,
        newName,
        newCapacity,
        profileName,
        newIops,
        zone,
        resourceGroupId,
        newTags,
        encryption,
        encryptionKeyCrn,
        status,
        operatingSystemName,
        sourceImage,
        busy,
        createdAt,
        version);
  }

  public Volume withBusy(boolean newBusy) {
    return new Volume(
        id,
        name,
        capacity,
        profileName,
        iops,
        zone,
        resourceGroupId,
        userTags,
        encryption,
        encryptionKeyCrn,
        status,
        operatingSystemName,
        sourceImage,
        newBusy,
        createdAt,
        version);
  }

  /**
   * Bandwidth in Mbps as IBM derives it from IOPS (16 KB blocks), capped at the profile's maximum.
   */
  public int bandwidth() {
    return Math.min(8192, Math.max(393, iops * 16 / 125));
  }
}
