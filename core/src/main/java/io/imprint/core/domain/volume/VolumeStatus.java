package io.imprint.core.domain.volume;

/** Volume statuses as IBM names them. */
public enum VolumeStatus {
  AVAILABLE,
  FAILED,
  PENDING,
  PENDING_DELETION,
  UNUSABLE,
  UPDATING;

  public String wire() {
    return name().toLowerCase();
  }
}
