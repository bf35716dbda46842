package io.imprint.core.domain.vpc;

import java.time.Instant;

/**
 * A subnet of a VPC in one zone. {@code allocatedAddresses} counts the addresses handed to network
 * interfaces, so the next one is the next free host after IBM's four reserved addresses.
 */
public record Subnet(
    String id,
    String name,
    Network network,
    String resourceGroupId,
    int allocatedAddresses,
    Instant createdAt,
    long version) {

  /** The subnet's place in the network: its VPC, zone and address block. */
  public record Network(String vpcId, String vpcName, String zone, String ipv4CidrBlock) {}

  public String vpcId() {
    return network.vpcId();
  }

  public String vpcName() {
    return network.vpcName();
  }

  public String zone() {
    return network.zone();
  }

  public String ipv4CidrBlock() {
    return network.ipv4CidrBlock();
  }

  public static final int RESERVED_ADDRESSES = 5;

  public int totalAddresses() {
    return 1 << (32 - prefixLength());
  }

  public int availableAddresses() {
    return Math.max(0, totalAddresses() - RESERVED_ADDRESSES - allocatedAddresses);
  }

  /**
   * The address the next allocation gets; IBM reserves the network address, three more and the
   * broadcast.
   */
  public String nextAddress() {
    int base = Cidr.networkAddress(network.ipv4CidrBlock());
    return Cidr.format(base + 4 + allocatedAddresses);
  }

  public Subnet withOneMoreAllocated() {
    return new Subnet(
        id, name, network, resourceGroupId, allocatedAddresses + 1, createdAt, version);
  }

  private int prefixLength() {
    return Cidr.prefixLength(network.ipv4CidrBlock());
  }
}
