package io.imprint.server.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.domain.vpc.Subnet;
import io.imprint.core.domain.vpc.Vpc;

/**
 * VPCs and subnets. The network ACL, routing table and security group references are fixed per VPC:
 * Imprint moves no packets, so they exist only so that SDK models that require them parse.
 */
public final class VpcJson {
  private VpcJson() {}

  public static ObjectNode vpc(Wire wire, Vpc vpc) {
    var links = wire.links();
    var node = Json.object();
    node.put("classic_access", false);
    node.put("created_at", Dates.format(vpc.createdAt()));
    node.put("crn", links.crn("vpc", vpc.id()));
    node.putArray("cse_source_ips");
    node.set(
        "default_network_acl",
        named(
            links.href("network_acls", vpc.id() + "-acl"), vpc.id() + "-acl", vpc.name() + "-acl"));
    node.set(
        "default_routing_table",
        named(
            links.href("/v1/vpcs/" + vpc.id() + "/routing_tables/" + vpc.id() + "-rt"),
            vpc.id() + "-rt",
            vpc.name() + "-rt"));
    node.set(
        "default_security_group",
        named(
            links.href("security_groups", vpc.id() + "-sg"), vpc.id() + "-sg", vpc.name() + "-sg"));
    var dns = node.putObject("dns");
    dns.put("enable_hub", false);
    dns.put("resolution_binding_count", 0);
    dns.putObject("resolver").put("type", "system");
    node.putArray("health_reasons");
    node.put("health_state", "ok");
    node.put("href", links.href("vpcs", vpc.id()));
    node.put("id", vpc.id());
    node.put("name", vpc.name());
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
    node.set(
        "network_acl",
        named(
            links.href("network_acls", s.vpcId() + "-acl"),
            s.vpcId() + "-acl",
            s.vpcName() + "-acl"));
    node.set("resource_group", wire.resourceGroup(s.resourceGroupId()));
    node.put("resource_type", "subnet");
    node.set(
        "routing_table",
        named(
            links.href("/v1/vpcs/" + s.vpcId() + "/routing_tables/" + s.vpcId() + "-rt"),
            s.vpcId() + "-rt",
            s.vpcName() + "-rt"));
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

  private static ObjectNode named(String href, String id, String name) {
    var node = Json.object();
    node.put("href", href);
    node.put("id", id);
    node.put("name", name);
    return node;
  }
}
