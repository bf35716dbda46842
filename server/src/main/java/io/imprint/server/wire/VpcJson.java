package io.imprint.server.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.domain.vpc.Subnet;
import io.imprint.core.domain.vpc.Vpc;
import java.util.List;

/**
 * VPCs and subnets. The network ACL, routing table and security group references are fixed per VPC:
 * Imprint moves no packets, so they exist only so that SDK models that require them parse (their
 * hrefs are not served). The DNS resolver is what IBM shows for {@code type: system} with no custom
 * resolver, endpoint gateway or private DNS zone: its two default resolvers.
 */
public final class VpcJson {
  /** IBM's system DNS resolvers in every VPC zone (docs: faq-vsi, vpc-endpoints). */
  static final List<String> SYSTEM_DNS_SERVERS = List.of("161.26.0.10", "161.26.0.11");

  private VpcJson() {}

  public static ObjectNode vpc(Wire wire, Vpc vpc) {
    var links = wire.links();
    var node = Json.object();
    node.put("classic_access", false);
    node.put("created_at", Dates.format(vpc.createdAt()));
    node.put("crn", links.crn("vpc", vpc.id()));
    node.putArray("cse_source_ips");
    node.set("default_network_acl", networkAcl(links, vpc.id(), vpc.name()));
    node.set("default_routing_table", routingTable(links, vpc.id(), vpc.name()));
    var group = Json.object();
    group.put("crn", links.crn("security-group", vpc.id() + "-sg"));
    group.put("href", links.href("security_groups", vpc.id() + "-sg"));
    group.put("id", vpc.id() + "-sg");
    group.put("name", vpc.name() + "-sg");
    node.set("default_security_group", group);
    var dns = node.putObject("dns");
    dns.put("enable_hub", false);
    dns.put("resolution_binding_count", 0);
    var resolver = dns.putObject("resolver");
    resolver.put("configuration", "default");
    var servers = resolver.putArray("servers");
    SYSTEM_DNS_SERVERS.forEach(address -> servers.addObject().put("address", address));
    resolver.put("type", "system");
    node.putArray("health_reasons");
    node.put("health_state", "ok");
    node.put("href", links.href("vpcs", vpc.id()));
    node.put("id", vpc.id());
    node.put("name", vpc.name());
    node.putArray("public_address_ranges");
    node.set("resource_group", wire.resourceGroup(vpc.resourceGroupId()));
    node.put("resource_type", "vpc");
    node.put("status", "available");
    return node;
  }

  public static ObjectNode vpcReference(Wire wire, String id, String name) {
    var node = Json.object();
    node.put("crn", wire.links().crn("vpc", id));
    node.put("href", wire.links().href("vpcs", id));
    node.put("id", id);
    node.put("name", name);
    node.put("resource_type", "vpc");
    return node;
  }

  public static ObjectNode subnet(Wire wire, Subnet s) {
    var links = wire.links();
    var node = Json.object();
    node.put("available_ipv4_address_count", s.availableAddresses());
    node.put("created_at", Dates.format(s.createdAt()));
    node.put("crn", links.zonalCrn(s.zone(), "subnet", s.id()));
    node.put("href", links.href("subnets", s.id()));
    node.put("id", s.id());
    node.put("ip_version", "ipv4");
    node.put("ipv4_cidr_block", s.ipv4CidrBlock());
    node.put("name", s.name());
    node.set("network_acl", networkAcl(links, s.vpcId(), s.vpcName()));
    node.set("resource_group", wire.resourceGroup(s.resourceGroupId()));
    node.put("resource_type", "subnet");
    node.set("routing_table", routingTable(links, s.vpcId(), s.vpcName()));
    node.put("status", "available");
    node.put("total_ipv4_address_count", s.totalAddresses());
    node.set("vpc", vpcReference(wire, s.vpcId(), s.vpcName()));
    node.set("zone", wire.zone(s.zone()));
    return node;
  }

  public static ObjectNode subnetReference(Wire wire, String id, String name, String zone) {
    var node = Json.object();
    node.put("crn", wire.links().zonalCrn(zone, "subnet", id));
    node.put("href", wire.links().href("subnets", id));
    node.put("id", id);
    node.put("name", name);
    node.put("resource_type", "subnet");
    return node;
  }

  /** {@code NetworkACLReference}: {@code {crn, href, id, name}}, no resource_type. */
  private static ObjectNode networkAcl(Links links, String vpcId, String vpcName) {
    var node = Json.object();
    node.put("crn", links.crn("network-acl", vpcId + "-acl"));
    node.put("href", links.href("network_acls", vpcId + "-acl"));
    node.put("id", vpcId + "-acl");
    node.put("name", vpcName + "-acl");
    return node;
  }

  /**
   * {@code RoutingTableReference}: a routing table's CRN names its VPC ({@code
   * ::vpc-routing-table:<vpc>/<table>}, as in IBM's SDK examples).
   */
  private static ObjectNode routingTable(Links links, String vpcId, String vpcName) {
    var node = Json.object();
    node.put("crn", links.crn("vpc-routing-table", vpcId + "/" + vpcId + "-rt"));
    node.put("href", links.href("/v1/vpcs/" + vpcId + "/routing_tables/" + vpcId + "-rt"));
    node.put("id", vpcId + "-rt");
    node.put("name", vpcName + "-rt");
    node.put("resource_type", "routing_table");
    return node;
  }
}
