package io.imprint.core.domain.disk;

import java.time.Instant;

/**
 * A data key (DEK) as it is stored: only wrapped, by the root key named {@code rootKey} ({@code
 * master} for the service's own key; customer root keys arrive with the KMS issue).
 */
public record DataKey(String id, String rootKey, byte[] wrapped, Instant createdAt) {}
