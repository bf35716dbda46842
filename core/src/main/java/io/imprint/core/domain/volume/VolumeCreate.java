package io.imprint.core.domain.volume;

import java.util.List;

/**
 * A request for a new data volume; null fields take IBM's defaults. {@code encryptionKeyCrn} is the
 * customer root key (null: provider-managed).
 */
public record VolumeCreate(
    String name,
    Integer capacity,
    String profileName,
    Integer iops,
    String zone,
    String resourceGroupId,
    List<String> userTags,
    String encryptionKeyCrn) {}
