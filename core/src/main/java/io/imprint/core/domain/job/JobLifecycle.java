package io.imprint.core.domain.job;

import static io.imprint.core.domain.job.JobState.*;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A job's states as one table, state × event → state. The engine asks it before every change and
 * the repository writes each change as a compare-and-set from the state the table starts it in, so
 * a change the table does not hold is never written: a finished job is never reopened, a cancelled
 * one is never claimed.
 */
public final class JobLifecycle {
  public enum Event {
    /** A worker takes a due job. */
    CLAIMED,
    /** The handler finished the work. */
    SUCCEEDED,
    /** The handler failed for good, or the job was abandoned after too many attempts. */
    FAILED,
    /** A user (or a delete) stopped it, queued or running. */
    CANCELLED,
    /** Its worker stopped renewing the lease (it died): another worker may take it. */
    LEASE_EXPIRED,
    /** A recurring task's run ended: it waits for its next due moment. */
    RESCHEDULED
  }

  private static final Map<JobState, Map<Event, JobState>> TABLE = new EnumMap<>(JobState.class);

  static {
    TABLE.put(QUEUED, Map.of(Event.CLAIMED, RUNNING, Event.CANCELLED, CANCELLED));
    TABLE.put(
        RUNNING,
        Map.of(
            Event.SUCCEEDED, SUCCEEDED,
            Event.FAILED, FAILED,
            Event.CANCELLED, CANCELLED,
            Event.LEASE_EXPIRED, QUEUED,
            Event.RESCHEDULED, QUEUED));
    // succeeded, failed and cancelled are final: no event leaves them
    TABLE.put(SUCCEEDED, Map.of());
    TABLE.put(FAILED, Map.of());
    TABLE.put(CANCELLED, Map.of());
  }

  private JobLifecycle() {}

  /**
   * Where {@code event} takes a job in state {@code from}; empty when the table has no such row.
   */
  public static Optional<JobState> after(JobState from, Event event) {
    return Optional.ofNullable(TABLE.get(from).get(event));
  }

  public static boolean allows(JobState from, Event event) {
    return after(from, event).isPresent();
  }

  /**
   * Where {@code event} takes a job in state {@code from}; a change the table does not hold is a
   * bug in the caller, never a race (a race shows as a lost compare-and-set instead).
   */
  public static JobState next(JobState from, Event event) {
    return after(from, event)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "a " + from.wire() + " job cannot be " + event.name().toLowerCase()));
  }
}
