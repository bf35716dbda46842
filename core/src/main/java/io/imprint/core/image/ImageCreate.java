package io.imprint.core.image;

import java.time.Instant;

/**
 * {@code ImagePrototype}: from a file ({@code fileHref} + {@code operatingSystemName}) or from a boot volume
 * ({@code sourceVolumeId}). Null fields take IBM's defaults.
 */
public record ImageCreate(
    String name,
    String resourceGroupId,
    String fileHref,
    String operatingSystemName,
    String sourceVolumeId,
    boolean encryptionKeyGiven,
    Instant deprecationAt,
    Instant obsolescenceAt,
    AllowedUse allowedUse,
    String apiVersion) {}
