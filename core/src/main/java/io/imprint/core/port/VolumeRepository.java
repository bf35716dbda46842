package io.imprint.core.port;

import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeFilter;
import java.util.Collection;
import java.util.List;

public interface VolumeRepository extends Repository<Volume, VolumeFilter> {
  /**
   * The volumes of {@code ids} that exist, in no particular order: one read for many (a key change
   * moves every volume the key protects, in its transaction). Ids without a volume are left out.
   */
  List<Volume> getAll(Collection<String> ids);

  /**
   * {@link #update} of each volume in one batch, for state changes that touch no listed column. Per
   * volume, in order, whether it won (false: gone or changed since it was read).
   */
  boolean[] updateStates(List<Volume> volumes);
}
