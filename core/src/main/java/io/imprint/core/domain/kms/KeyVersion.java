package io.imprint.core.domain.kms;

import java.time.Instant;

/**
 * One version of a root key: Key Protect's {@code keyVersion} ({@code id}, {@code creationDate}),
 * numbered from 1 in the order rotations made them. {@code sealed} is the 256-bit material wrapped
 * by the service's master key; null once the key is destroyed.
 */
public record KeyVersion(String keyId, int number, String id, Instant createdAt, byte[] sealed) {}
