package io.imprint.core.domain.vpc;

import java.time.Instant;

/**
 * A subnet of a VPC in one zone. {@code allocatedAddresses} counts the addresses handed to network
 * interfaces, so the next one is the next free host after IBM's four reserved addresses.
 */
public record Subnet(
    String id,
    String name,
    String vpcId,
    String vpcName,
    String zone,
    String ipv4CidrBlock,
    String resourceGroupId,
    int allocatedAddresses,
    Instant createdAt,
    long version) {

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
    int base = Cidr.networkAddress(ipv4CidrBlock);
    return Cidr.format(base + 4 + allocatedAddresses);
  }

  public Subnet withOneMoreAllocated() {
    return new Subnet(
        id,
        name,
        vpcId,
        vpcName,
        zone,
        ipv4CidrBlock,
        resourceGroupId,
        allocatedAddresses + 1,
        createdAt,
        version);
  }

  private int prefixLength() {
    return Cidr.prefixLength(ipv4CidrBlock);
  }
}
