package io.imprint.core.domain.event;

import io.imprint.core.domain.iam.AccessGroup;
import io.imprint.core.domain.iam.ApiKeyDetails;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.domain.iam.Policy;
import io.imprint.core.domain.iam.ServiceId;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.kms.RootKey;
import io.imprint.core.domain.resourcegroup.ResourceGroup;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.vpc.Subnet;
import io.imprint.core.domain.vpc.Vpc;

/**
 * The resource a change is about, with what its event's target needs: the kind, id, name, zone
 * (null for regional resources), resource group (null for the provider's and for groups) and the
 * service instance it lives in (a Key Protect key's instance, which its CRN names; null elsewhere).
 */
public record Subject(
    ResourceKind kind,
    String id,
    String name,
    String zone,
    String resourceGroupId,
    String instanceId) {

  public Subject(ResourceKind kind, String id, String name, String zone, String resourceGroupId) {
    this(kind, id, name, zone, resourceGroupId, null);
  }

  public static Subject of(RootKey key) {
    return new Subject(ResourceKind.KEY, key.id(), key.name(), null, null, key.instanceId());
  }

  public static Subject of(Image image) {
    return new Subject(ResourceKind.IMAGE, image.id(), image.name(), null, image.resourceGroupId());
  }

  public static Subject of(Volume volume) {
    return new Subject(
        ResourceKind.VOLUME, volume.id(), volume.name(), volume.zone(), volume.resourceGroupId());
  }

  public static Subject of(Instance instance) {
    return new Subject(
        ResourceKind.INSTANCE,
        instance.id(),
        instance.name(),
        instance.zone(),
        instance.resourceGroupId());
  }

  public static Subject of(Vpc vpc) {
    return new Subject(ResourceKind.VPC, vpc.id(), vpc.name(), null, vpc.resourceGroupId());
  }

  public static Subject of(Subnet subnet) {
    return new Subject(
        ResourceKind.SUBNET, subnet.id(), subnet.name(), subnet.zone(), subnet.resourceGroupId());
  }

  public static Subject of(ResourceGroup group) {
    return new Subject(ResourceKind.RESOURCE_GROUP, group.id(), group.name(), null, null);
  }

  public static Subject of(Policy policy) {
    return new Subject(ResourceKind.POLICY, policy.id(), policy.id(), null, null);
  }

  public static Subject of(ServiceId serviceId) {
    return new Subject(ResourceKind.SERVICE_ID, serviceId.id(), serviceId.name(), null, null);
  }

  public static Subject of(ApiKeyDetails key) {
    return new Subject(ResourceKind.API_KEY, key.id(), key.key().name(), null, null);
  }

  public static Subject of(AccessGroup group) {
    return new Subject(ResourceKind.ACCESS_GROUP, group.id(), group.name(), null, null);
  }

  /** A user: its IAM ID is its id. */
  public static Subject of(Identity user) {
    return new Subject(ResourceKind.USER, user.iamId(), user.name(), null, null);
  }
}
