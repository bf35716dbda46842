package io.imprint.core.domain.region;

/**
 * An availability zone; {@code code} is the four-digit prefix IBM puts on zonal ids ({@code
 * 0717_…}).
 */
public record Zone(String name, String code, String regionName) {}
