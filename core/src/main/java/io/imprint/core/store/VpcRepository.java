package io.imprint.core.store;

import io.imprint.core.vpc.Vpc;

public interface VpcRepository extends Repository<Vpc, VpcRepository.Filter> {
  record Filter(String resourceGroupId, Boolean isDefault) {}
}
