package io.imprint.core.domain.job;

/**
 * {@code queued → running → succeeded | failed | cancelled}; a running job whose lease expires is
 * queued again.
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

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
