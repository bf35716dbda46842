package io.imprint.core.domain.vpc;

import java.time.Instant;

/**
 * A VPC record. Imprint keeps the network model only as far as instance requests need it: no
 * packets flow.
 */
public record Vpc(
    String id,
    String name,
    String resourceGroupId,
    boolean isDefault,
    Instant createdAt,
    long version) {}
