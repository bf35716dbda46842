package io.imprint.core.port;

import io.imprint.core.domain.vpc.Vpc;

public interface VpcRepository extends Repository<Vpc, VpcRepository.Filter> {
  record Filter(String resourceGroupId, Boolean isDefault) {}
}
