package io.imprint.core.store;

import io.imprint.core.vpc.Subnet;

public interface SubnetRepository extends Repository<Subnet, SubnetRepository.Filter> {
  record Filter(String vpcId, String zone, String resourceGroupId) {}
}
