package io.imprint.core.domain.instance;

/** Instance statuses as IBM names them. */
public enum InstanceStatus {
  DELETING,
  FAILED,
  PENDING,
  RESTARTING,
  RUNNING,
  STARTING,
  STOPPED,
  STOPPING;

  public String wire() {
    return name().toLowerCase();
  }

  /** A status the instance leaves on its own, as the power state settles. */
  public boolean isTransitional() {
    return this == PENDING || this == STARTING || this == STOPPING || this == RESTARTING;
  }
}
