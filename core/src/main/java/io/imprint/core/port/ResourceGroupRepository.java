package io.imprint.core.port;

import io.imprint.core.domain.resourcegroup.ResourceGroup;

public interface ResourceGroupRepository
    extends Repository<ResourceGroup, ResourceGroupRepository.Filter> {
  record Filter(String name, Boolean isDefault) {}

  /**
   * How many resources of any kind (VPCs, subnets, images, volumes, instances) belong to the group.
   */
  long countResources(String groupId);
}
