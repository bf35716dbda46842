package io.imprint.core.domain.kms;

import java.time.Instant;

/**
 * That a root key protects a resource (an image's or a volume's data keys), as Key Protect's
 * registrations say: while a key has any, deleting it needs {@code force}.
 */
public record Registration(String keyId, String resourceCrn, Instant createdAt, String createdBy) {}
