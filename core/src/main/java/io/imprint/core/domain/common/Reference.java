package io.imprint.core.domain.common;

/**
 * A reference from one resource to another, kept with the name it had so that it can still be
 * rendered (with {@code deleted}) after the target is gone.
 */
public record Reference(String id, String name) {}
