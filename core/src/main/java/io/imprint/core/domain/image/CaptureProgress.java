package io.imprint.core.domain.image;

import java.time.Instant;

/**
 * Extension, not in IBM: how far an image's capture (or import) job is. The rate is bytes per
 * second since the job started; the ETA is null until there is a rate.
 */
public record CaptureProgress(
    String state,
    long bytesDone,
    long bytesTotal,
    Instant startedAt,
    Instant updatedAt,
    Long rateBytesPerSecond,
    Long etaSeconds) {}
