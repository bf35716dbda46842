package io.imprint.core.domain.volume;

import java.util.List;

/** A merge patch of a volume: null means "leave as it is". */
public record VolumePatch(String name, Integer capacity, List<String> userTags) {}
