package io.imprint.core.domain.instance;

import java.time.Instant;

/** An accepted power action. */
public record InstanceAction(
    String id,
    String instanceId,
    InstanceLifecycle.Action type,
    boolean force,
    String status,
    Instant createdAt) {}
