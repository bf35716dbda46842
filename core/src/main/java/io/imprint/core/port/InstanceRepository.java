package io.imprint.core.port;

import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceFilter;
import io.imprint.core.domain.instance.InstanceStatus;
import java.util.List;
import java.util.Set;

public interface InstanceRepository extends Repository<Instance, InstanceFilter> {
  /**
   * Instances in any of the given statuses, for the power-state driver to resume after a restart.
   */
  List<Instance> findByStatus(Set<InstanceStatus> statuses);
}
