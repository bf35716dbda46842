package io.imprint.core.domain.catalog;

/** An operating system of the catalog; every field is required on IBM's wire. */
public record OperatingSystem(
    String name,
    String displayName,
    String family,
    String vendor,
    String version,
    String architecture,
    boolean dedicatedHostOnly,
    boolean allowUserImageCreation,
    String userDataFormat) {}
