package io.imprint.core.port;

import io.imprint.core.domain.vpc.Subnet;

public interface SubnetRepository extends Repository<Subnet, SubnetRepository.Filter> {
  record Filter(String vpcId, String zone, String resourceGroupId) {}
}
