package io.imprint.core.port;

import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeFilter;

public interface VolumeRepository extends Repository<Volume, VolumeFilter> {}
