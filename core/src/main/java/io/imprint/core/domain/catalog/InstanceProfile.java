package io.imprint.core.domain.catalog;

/**
 * A virtual server profile: its family, size and the architecture of the operating systems it runs.
 */
public record InstanceProfile(
    String name,
    String family,
    String architecture,
    int vcpuCount,
    int memoryGb,
    int bandwidthMbps) {}
