package io.imprint.core.port;

import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.job.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable job queue. Every state change is a compare-and-set on the row, so two workers can
 * never both claim a job and a finished job is never reopened.
 */
public interface JobRepository {
  /**
   * Adds a job; false when one already exists for its {@code (kind, resourceId)}, which makes
   * enqueueing idempotent.
   */
  boolean insert(Job job);

  Optional<Job> get(String id);

  Optional<Job> findByResource(String kind, String resourceId);

  /**
   * Claims the oldest queued job of the given kinds for {@code owner} until {@code leaseUntil}:
   * {@code running}, attempts + 1. Empty when there is none or another worker won it.
   */
  Optional<Job> claim(List<String> kinds, String owner, Instant now, Instant leaseUntil);

  /**
   * Renews the lease and records progress; false when the job is no longer this owner's (reaped or
   * cancelled).
   */
  boolean heartbeat(
      String id, String owner, Instant now, Instant leaseUntil, long bytesDone, long bytesTotal);

  /** Ends a running job of this owner in a final state; false when it is no longer this owner's. */
  boolean finish(String id, String owner, JobState state, String error, Instant now);

  /** Moves a job from one of {@code from} to {@code to} (cancelling a queued job, for instance). */
  boolean transition(String id, JobState from, JobState to, String error, Instant now);

  /** Running jobs whose lease expired before {@code now}: their workers died. */
  List<Job> expired(Instant now, int limit);

  /** Puts an expired job back in the queue (compare-and-set on its version). */
  boolean requeue(Job job, Instant now);

  /** Queued jobs, oldest first, for the reaper and tests. */
  List<Job> list(JobState state, int limit);

  void delete(String id);
}
