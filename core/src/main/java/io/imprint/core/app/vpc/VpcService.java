package io.imprint.core.app.vpc;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.common.UniqueNames;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.resourcegroup.ResourceGroupService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Names;
import io.imprint.core.domain.common.Page;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.iam.ReadScope;
import io.imprint.core.domain.instance.InstanceFilter;
import io.imprint.core.domain.vpc.Cidr;
import io.imprint.core.domain.vpc.Subnet;
import io.imprint.core.domain.vpc.Vpc;
import io.imprint.core.port.Store;
import io.imprint.core.port.SubnetRepository;
import io.imprint.core.port.Tx;
import io.imprint.core.port.VpcRepository;

/**
 * VPCs and subnets, kept so that instance requests written for IBM work unchanged. A default VPC
 * with one subnet per zone exists from the first start, using IBM's default address prefixes
 * (10.240.0.0/18 per zone, in steps of 64).
 */
public final class VpcService {
  public static final String DEFAULT_VPC_NAME = "default-vpc";

  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;

  public VpcService(Store store, Deployment deployment, EventRecorder events) {
    this.store = store;
    this.deployment = deployment;
    this.events = events;
  }

  public void ensureDefaultNetwork() {
    store.write(
        tx -> {
          if (!tx.vpcs()
              .list(new VpcRepository.Filter(null, true), PageRequest.first(1))
              .items()
              .isEmpty()) {
            return null;
          }
          var group = ResourceGroupService.resolveForCreate(tx, null, "resource_group.id");
          var vpc =
              new Vpc(
                  deployment.ids().regional(),
                  DEFAULT_VPC_NAME,
                  group.id(),
                  true,
                  deployment.now(),
                  0);
          tx.vpcs().insert(vpc);
          events.record(tx, Change.of(Subject.of(vpc), "create", 201, "startup"));
          var zones = deployment.region().zones();
          for (int i = 0; i < zones.size(); i++) {
            var zone = zones.get(i);
            var cidr = "10.240." + (i * 64 % 256) + ".0/24";
            var subnet =
                new Subnet(
                    deployment.ids().zonal(zone),
                    "default-subnet-" + zone.name(),
                    new Subnet.Network(vpc.id(), vpc.name(), zone.name(), cidr),
                    group.id(),
                    0,
                    deployment.now(),
                    0);
            tx.subnets().insert(subnet);
            events.record(tx, Change.of(Subject.of(subnet), "create", 201, "startup"));
          }
          return null;
        });
  }

  public Page<Vpc> listVpcs(String resourceGroupId, ReadScope scope, PageRequest page) {
    return store.read(
        tx -> tx.vpcs().list(new VpcRepository.Filter(resourceGroupId, null), scope, page));
  }

  public Vpc getVpc(String id) {
    return store.read(tx -> requireVpc(tx, id));
  }

  public Vpc createVpc(String name, String resourceGroupId) {
    return store.write(
        tx -> {
          var finalName = UniqueNames.orGenerated(tx.vpcs(), name, deployment.random());
          Names.requireValid("name", finalName);
          UniqueNames.requireUnused(tx.vpcs(), "VPC", "name", finalName);
          var group =
              ResourceGroupService.resolveForCreate(tx, resourceGroupId, "resource_group.id");
          var vpc =
              new Vpc(
                  deployment.ids().regional(), finalName, group.id(), false, deployment.now(), 0);
          UniqueNames.guard("VPC", "name", finalName, () -> tx.vpcs().insert(vpc));
          events.record(tx, Change.of(Subject.of(vpc), "create", 201, "user"));
          return vpc;
        });
  }

  public void deleteVpc(String id) {
    store.write(
        tx -> {
          var vpc = requireVpc(tx, id);
          long subnets = tx.subnets().count(new SubnetRepository.Filter(id, null, null));
          if (subnets > 0) {
            throw ApiException.conflict(
                ErrorCode.INVALID_STATE,
                "VPC "
                    + vpc.name()
                    + " still has "
                    + subnets
                    + " subnet(s); delete them before deleting the VPC.");
          }
          if (!tx.vpcs().delete(id, vpc.version())) {
            throw ApiException.notFound("VPC", id);
          }
          events.record(tx, Change.of(Subject.of(vpc), "delete", 204, "user"));
          return null;
        });
  }

  public Page<Subnet> listSubnets(
      SubnetRepository.Filter filter, ReadScope scope, PageRequest page) {
    return store.read(tx -> tx.subnets().list(filter, scope, page));
  }

  public Subnet getSubnet(String id) {
    return store.read(
        tx -> tx.subnets().get(id).orElseThrow(() -> ApiException.notFound("Subnet", id)));
  }

  /**
   * Creates a subnet; {@code cidr} may be null when {@code totalAddresses} is given, as IBM allows.
   */
  public Subnet createSubnet(
      String name,
      String vpcId,
      String zoneName,
      String cidr,
      Integer totalAddresses,
      String resourceGroupId) {
    var zone =
        deployment
            .region()
            .zone(zoneName)
            .orElseThrow(() -> ApiException.referenceNotFound("Zone", "zone.name", zoneName));
    String block = cidr != null ? cidr : blockFor(totalAddresses);
    if (!Cidr.isValidSubnetBlock(block)) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "ipv4_cidr_block",
          cidr,
          "ipv4_cidr_block must be an aligned IPv4 CIDR block between /8 and /29, such as 10.240.0.0/24.");
    }
    return store.write(
        tx -> {
          var vpc =
              tx.vpcs()
                  .get(vpcId)
                  .orElseThrow(() -> ApiException.referenceNotFound("VPC", "vpc.id", vpcId));
          var finalName = UniqueNames.orGenerated(tx.subnets(), name, deployment.random());
          Names.requireValid("name", finalName);
          UniqueNames.requireUnused(tx.subnets(), "subnet", "name", finalName);
          var group =
              ResourceGroupService.resolveForCreate(tx, resourceGroupId, "resource_group.id");
          var subnet =
              new Subnet(
                  deployment.ids().zonal(zone),
                  finalName,
                  new Subnet.Network(vpc.id(), vpc.name(), zone.name(), block),
                  group.id(),
                  0,
                  deployment.now(),
                  0);
          UniqueNames.guard("subnet", "name", finalName, () -> tx.subnets().insert(subnet));
          events.record(tx, Change.of(Subject.of(subnet), "create", 201, "user"));
          return subnet;
        });
  }

  public void deleteSubnet(String id) {
    store.write(
        tx -> {
          var subnet = tx.subnets().get(id).orElseThrow(() -> ApiException.notFound("Subnet", id));
          long users = tx.instances().count(new InstanceFilter(null, null, null, null, null, id));
          if (users > 0) {
            throw ApiException.conflict(
                ErrorCode.INVALID_STATE,
                "Subnet "
                    + subnet.name()
                    + " is used by "
                    + users
                    + " instance(s); delete them first.");
          }
          if (!tx.subnets().delete(id, subnet.version())) {
            throw ApiException.notFound("Subnet", id);
          }
          events.record(tx, Change.of(Subject.of(subnet), "delete", 204, "user"));
          return null;
        });
  }

  /**
   * Hands the next address of the subnet to a new network interface, inside the caller's
   * transaction.
   */
  public static String allocateAddress(Tx tx, Subnet subnet) {
    if (subnet.availableAddresses() == 0) {
      throw ApiException.conflict(
          ErrorCode.INVALID_STATE, "Subnet " + subnet.name() + " has no free addresses.");
    }
    var address = subnet.nextAddress();
    if (!tx.subnets().update(subnet.withOneMoreAllocated())) {
      throw ApiException.conflict(
          ErrorCode.CONFLICT, "The subnet changed while an address was allocated; retry.");
    }
    return address;
  }

  private static String blockFor(Integer totalAddresses) {
    if (totalAddresses == null || Integer.bitCount(totalAddresses) != 1 || totalAddresses < 8) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "total_ipv4_address_count",
          totalAddresses,
          "Give ipv4_cidr_block, or total_ipv4_address_count as a power of two of at least 8.");
    }
    int prefix = 32 - Integer.numberOfTrailingZeros(totalAddresses);
    return "10.250.0.0/" + prefix;
  }

  private static Vpc requireVpc(Tx tx, String id) {
    return tx.vpcs().get(id).orElseThrow(() -> ApiException.notFound("VPC", id));
  }
}
