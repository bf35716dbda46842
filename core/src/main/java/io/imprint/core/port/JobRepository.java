package io.imprint.core.port;

import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.job.JobLifecycle;
import io.imprint.core.domain.job.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable job queue. Every state change is a row of {@link JobLifecycle} written as a
 * compare-and-set from the state the row starts in, so two workers can never both claim a job and a
 * finished job is never reopened. Due times ({@code run_at}) are on the deployment's clock; lease
 * and bookkeeping times on real time.
 */
public interface JobRepository {
  /**
   * Adds a job; false when one already exists for its {@code (kind, resourceId)}, which makes
   * enqueueing idempotent, also between nodes racing to add the same one.
   */
  boolean insert(Job job);

  Optional<Job> get(String id);

  Optional<Job> findByResource(String kind, String resourceId);

  /**
   * Claims the queued job of the given kinds that fell due first ({@code run_at <= dueBy}) for the
   * claim's owner: {@code running}, attempts + 1, no pending wake-up. Empty when none is due or
   * other workers won every candidate.
   */
  Optional<Job> claim(List<String> kinds, Claim claim);

  /**
   * @param dueBy now on the deployment's clock
   * @param now real time
   * @param leaseUntil real time
   */
  record Claim(String owner, Instant dueBy, Instant now, Instant leaseUntil) {}

  /** When the first queued job of these kinds falls due, due or not yet. */
  Optional<Instant> nextDue(List<String> kinds);

  /**
   * Renews the lease and records progress; false when the job is no longer this owner's (reaped or
   * cancelled).
   */
  boolean heartbeat(
      String id, String owner, Instant now, Instant leaseUntil, Job.Progress progress);

  /**
   * Ends a running job of this owner ({@code event}: succeeded, failed or cancelled); false when it
   * is no longer this owner's.
   */
  boolean finish(String id, String owner, JobLifecycle.Event event, String error, Instant now);

  /**
   * Removes a running job of this owner that succeeded and leaves nothing worth keeping (an
   * instance's power step); false when it is no longer this owner's.
   */
  boolean forget(String id, String owner);

  /**
   * Moves a job in state {@code from} by {@code event} (cancelling a queued job, giving up on an
   * abandoned one); false when it is no longer in {@code from}.
   */
  boolean transition(String id, JobState from, JobLifecycle.Event event, String error, Instant now);

  /** Running jobs whose lease expired before {@code now}: their workers died. */
  List<Job> expired(Instant now, int limit);

  /**
   * Queues an expired job again (compare-and-set on its version), due at once unless a wake-up
   * already made it due.
   *
   * @param dueBy now on the deployment's clock
   */
  boolean requeue(Job job, Instant dueBy, Instant now);

  /**
   * Ends a run of a recurring task of this owner: queued again, due at {@code runAt} or at the
   * wake-up that came during the run, whichever is first; false when it is no longer this owner's.
   */
  boolean reschedule(String id, String owner, Instant runAt, Instant now);

  /**
   * Makes the job of {@code (kind, resourceId)} due at {@code runAt} if it was due later; a running
   * one keeps the wake-up for its next run. False when there was nothing to bring forward.
   */
  boolean wake(String kind, String resourceId, Instant runAt);
}
