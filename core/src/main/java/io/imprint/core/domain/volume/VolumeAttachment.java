package io.imprint.core.domain.volume;

import java.time.Instant;

/** The attachment of one volume to one instance, as a boot or a data volume. */
public record VolumeAttachment(
    String id,
    String instanceId,
    String volumeId,
    String name,
    Type type,
    boolean deleteVolumeOnInstanceDelete,
    Instant createdAt,
    long version) {

  public enum Type {
    BOOT,
    DATA;

    public String wire() {
      return name().toLowerCase();
    }
  }

  public VolumeAttachment withNameAndDeleteFlag(String newName, boolean flag) {
    return new VolumeAttachment(id, instanceId, volumeId, newName, type, flag, createdAt, version);
  }
}
