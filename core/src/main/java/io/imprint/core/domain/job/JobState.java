package io.imprint.core.domain.job;

/**
 * {@code queued → running → succeeded | failed | cancelled}; {@link JobLifecycle} holds every
 * change, with the ways back to {@code queued} (a lost worker, a recurring task's next run).
 */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public String wire() {
    return name().toLowerCase();
  }

  public static JobState ofWire(String wire) {
    return valueOf(wire.toUpperCase());
  }

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
