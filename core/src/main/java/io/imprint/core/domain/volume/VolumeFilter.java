package io.imprint.core.domain.volume;

import java.util.Set;

/**
 * The filters of {@code listVolumes} as the store applies them; null means "not filtered". The
 * API's {@code operating_system.family}/{@code .architecture} filters arrive here as the set of
 * matching OS names.
 */
public record VolumeFilter(
    String name,
    String zone,
    String attachmentState,
    String encryption,
    Set<String> operatingSystemNames,
    String tag) {

  public static VolumeFilter none() {
    return new VolumeFilter(null, null, null, null, null, null);
  }
}
