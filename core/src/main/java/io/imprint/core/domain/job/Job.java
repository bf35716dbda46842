package io.imprint.core.domain.job;

import java.time.Instant;

/**
 * A durable unit of long work (an image import, a capture), one per {@code (kind, resourceId)}. A
 * worker holds it by a lease that its heartbeats renew; a lease that runs out means the worker
 * died, and the job is queued again. Every step of a handler is idempotent, so running a job twice
 * finishes it the same way.
 */
public record Job(
    String id,
    String kind,
    String resourceId,
    JobState state,
    int attempts,
    String leaseOwner,
    Instant leaseExpiresAt,
    long bytesDone,
    long bytesTotal,
    String error,
    String payload,
    Instant createdAt,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt,
    long version) {

  public static Job queued(String id, String kind, String resourceId, String payload, Instant now) {
    return new Job(
        id,
        kind,
        resourceId,
        JobState.QUEUED,
        0,
        null,
        null,
        0,
        0,
        null,
        payload,
        now,
        null,
        now,
        null,
        0);
  }
}
