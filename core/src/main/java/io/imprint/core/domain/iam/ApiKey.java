package io.imprint.core.domain.iam;

import java.time.Instant;

/**
 * An API key of an identity. The secret itself is never kept: {@code lookup} is the key's first
 * characters (to find its row without scanning), {@code secretHash} a slow salted hash of the whole
 * key, so a copy of the database does not hand out working keys.
 */
public record ApiKey(
    String id,
    String iamId,
    String name,
    String lookup,
    String secretHash,
    Instant createdAt,
    boolean locked,
    long version) {}
