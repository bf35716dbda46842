package io.imprint.core.domain.job;

import java.time.Instant;

/**
 * A durable unit of work, one per {@code (kind, resourceId)}: an image import or capture, an
 * instance's next power step, or a recurring task (one row per task, run again and again). A worker
 * holds it by a lease that its heartbeats renew; a lease that runs out means the worker died, and
 * the job is queued again. Every step of a handler is idempotent, so running a job twice finishes
 * it the same way.
 *
 * @param work what to do, to what
 * @param error why it failed or was cancelled; null otherwise
 * @param version the compare-and-set counter of the row
 */
public record Job(
    String id,
    Work work,
    JobState state,
    String error,
    Lease lease,
    Progress progress,
    Times times,
    long version) {

  /**
   * @param kind the handler (or recurring task) that runs it, e.g. {@code image.import}
   * @param resourceId the resource it works on; unique per kind, which makes enqueueing idempotent
   * @param payload the handler's input as its kind's codec wrote it
   */
  public record Work(String kind, String resourceId, String payload) {}

  /**
   * @param owner the worker holding it while it runs
   * @param expiresAt when a running job whose lease was not renewed counts as abandoned
   * @param attempts claims so far
   */
  public record Lease(String owner, Instant expiresAt, int attempts) {
    public static final Lease NONE = new Lease(null, null, 0);
  }

  public record Progress(long bytesDone, long bytesTotal) {
    public static final Progress NONE = new Progress(0, 0);
  }

  /**
   * {@code runAt} follows the deployment's clock (a virtual clock moved forward makes work due);
   * the others are real time, like leases, so that rates and ages stay true.
   *
   * @param runAt when a queued job falls due; while it runs, a wake-up that came meanwhile (null:
   *     none), which a recurring task's next run keeps
   * @param startedAt the first claim
   * @param updatedAt the last change or heartbeat
   */
  public record Times(
      Instant createdAt, Instant runAt, Instant startedAt, Instant updatedAt, Instant finishedAt) {}

  /** A new job, due at {@code runAt} (deployment clock), created at {@code now} (real time). */
  public static Job queued(String id, Work work, Instant runAt, Instant now) {
    return new Job(
        id,
        work,
        JobState.QUEUED,
        null,
        Lease.NONE,
        Progress.NONE,
        new Times(now, runAt, null, now, null),
        0);
  }

  public String kind() {
    return work.kind();
  }

  public String resourceId() {
    return work.resourceId();
  }

  public String payload() {
    return work.payload();
  }
}
