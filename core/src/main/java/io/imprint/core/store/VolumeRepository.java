package io.imprint.core.store;

import io.imprint.core.volume.Volume;
import io.imprint.core.volume.VolumeFilter;

public interface VolumeRepository extends Repository<Volume, VolumeFilter> {}
