package io.imprint.server.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.app.instance.InstanceDetails;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.catalog.InstanceProfile;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceAction;
import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.core.domain.instance.NetworkInterface;
import java.util.function.Predicate;

/**
 * How instances look on the wire. Fields that describe a real hypervisor (bandwidth, metadata
 * service, reservations) carry fixed, plausible values so that every field the SDK models require
 * is present.
 */
public final class InstanceJson {
  // What every Imprint instance is, whatever its profile; its profile offers exactly these.
  static final String AVAILABILITY_CLASS = "standard";
  static final String CONFIDENTIAL_COMPUTE_MODE = "disabled";
  static final boolean SECURE_BOOT = false;
  static final int VCPU_PERCENTAGE = 100;
  static final String VOLUME_BANDWIDTH_QOS_MODE = "pooled";

  private final Catalog catalog;
  private final Predicate<String> imageExists;

  public InstanceJson(Catalog catalog, Predicate<String> imageExists) {
    this.catalog = catalog;
    this.imageExists = imageExists;
  }

  public ObjectNode render(Wire wire, InstanceDetails details) {
    var links = wire.links();
    var i = details.instance();
    var profile = catalog.instanceProfile(i.profileName()).orElseThrow();
    var node = Json.object();
    node.putObject("availability").put("class", AVAILABILITY_CLASS);
    var policy = node.putObject("availability_policy");
    policy.put("host_failure", "restart");
    // IBM's default; it acts only on spot instances, which Imprint does not have
    policy.put("preemption", "stop");
    node.put("bandwidth", profile.bandwidthMbps());
    details
        .boot()
        .ifPresent(boot -> node.set("boot_volume_attachment", attachment(wire, boot, false)));
    node.putArray("cluster_network_attachments");
    node.put("confidential_compute_mode", CONFIDENTIAL_COMPUTE_MODE);
    node.put("created_at", Dates.format(i.createdAt()));
    node.put("crn", links.zonalCrn(i.zone(), "instance", i.id()));
    node.putArray("disks");
    node.put("enable_secure_boot", SECURE_BOOT);
    node.putArray("health_reasons");
    node.put("health_state", i.status() == InstanceStatus.FAILED ? "faulted" : "ok");
    node.put("href", links.href("instances", i.id()));
    node.put("id", i.id());
    if (i.image() != null) {
      node.set(
          "image",
          ImageJson.reference(
              wire, i.image().id(), i.image().name(), imageExists.test(i.image().id())));
    }
    node.putArray("lifecycle_reasons");
    node.put(
        "lifecycle_state",
        switch (i.status()) {
          case PENDING -> "pending";
          case DELETING -> "deleting";
          case FAILED -> "failed";
          default -> "stable";
        });
    node.put("memory", profile.memoryGb());
    var metadata = node.putObject("metadata_service");
    metadata.put("enabled", false);
    metadata.put("protocol", "http");
    metadata.put("response_hop_limit", 1);
    node.put("name", i.name());
    var nic = i.primaryNetworkInterface();
    var attachments = node.putArray("network_attachments");
    if (nic.attachmentStyle()) {
      var ref = networkAttachment(wire, i, nic);
      attachments.add(ref);
      node.set("primary_network_attachment", ref.deepCopy());
    }
    // an instance with network attachments shows each also as a (read-only) network interface,
    // as IBM does for clients of the older API
    node.putArray("network_interfaces").add(networkInterface(wire, i, nic));
    node.set("primary_network_interface", networkInterface(wire, i, nic));
    node.set("profile", CatalogJson.instanceProfileReference(links, i.profileName()));
    var reservation = node.putObject("reservation_affinity");
    reservation.put("policy", "disabled");
    reservation.putArray("pool");
    node.set("resource_group", wire.resourceGroup(i.resourceGroupId()));
    node.put("resource_type", "instance");
    node.put("startable", i.status() == InstanceStatus.STOPPED && i.statusReasons().isEmpty());
    node.put("status", i.status().wire());
    node.set("status_reasons", ImageJson.statusReasons(wire, i.statusReasons()));
    node.put("total_network_bandwidth", profile.bandwidthMbps() * 3 / 4);
    node.put("total_volume_bandwidth", profile.bandwidthMbps() / 4);
    var vcpu = node.putObject("vcpu");
    vcpu.put("architecture", profile.architecture());
    vcpu.put("count", profile.vcpuCount());
    vcpu.put("manufacturer", vcpuManufacturer(profile));
    vcpu.put("percentage", VCPU_PERCENTAGE);
    var volumes = node.putArray("volume_attachments");
    details.attachments().forEach(a -> volumes.add(attachment(wire, a, false)));
    node.put("volume_bandwidth_qos_mode", VOLUME_BANDWIDTH_QOS_MODE);
    node.set("vpc", VpcJson.vpcReference(wire, i.vpcId(), i.vpcName()));
    node.set("zone", wire.zone(i.zone()));
    return node;
  }

  /**
   * A volume attachment as an instance shows it; {@code full} adds the fields of the attachment
   * resource itself ({@code GET /instances/{id}/volume_attachments/{id}}).
   */
  public static ObjectNode attachment(Wire wire, InstanceDetails.Attached a, boolean full) {
    var attachment = a.attachment();
    var node = Json.object();
    if (full) {
      node.put("bandwidth", a.volume().bandwidth());
      node.put("created_at", Dates.format(attachment.createdAt()));
      node.put("delete_volume_on_instance_delete", attachment.deleteVolumeOnInstanceDelete());
    }
    node.putObject("device").put("id", attachment.id() + "-device");
    node.put(
        "href",
        wire.links()
            .href(
                "/v1/instances/"
                    + attachment.instanceId()
                    + "/volume_attachments/"
                    + attachment.id()));
    node.put("id", attachment.id());
    node.put("name", attachment.name());
    if (full) {
      node.put("status", "attached");
      node.put("type", attachment.type().wire());
    }
    node.set("volume", VolumeJson.reference(wire, a.volume()));
    return node;
  }

  static String vcpuManufacturer(InstanceProfile profile) {
    return profile.architecture().equals("s390x") ? "ibm" : "intel";
  }

  /**
   * IBM's {@code InstanceReference}: {@code {crn, href, id, name}}. Unlike most references it has
   * no {@code resource_type} (SDK model of API 2026-03-24).
   */
  public static ObjectNode reference(Wire wire, Instance i) {
    var node = Json.object();
    node.put("crn", wire.links().zonalCrn(i.zone(), "instance", i.id()));
    node.put("href", wire.links().href("instances", i.id()));
    node.put("id", i.id());
    node.put("name", i.name());
    return node;
  }

  public static ObjectNode action(Wire wire, InstanceAction a) {
    var node = Json.object();
    node.put("created_at", Dates.format(a.createdAt()));
    node.put("force", a.force());
    node.put("href", wire.links().href("/v1/instances/" + a.instanceId() + "/actions/" + a.id()));
    node.put("id", a.id());
    node.put("status", a.status());
    node.put("type", a.type().wire());
    return node;
  }

  private static ObjectNode networkInterface(Wire wire, Instance i, NetworkInterface nic) {
    var node = Json.object();
    node.put(
        "href", wire.links().href("/v1/instances/" + i.id() + "/network_interfaces/" + nic.id()));
    node.put("id", nic.id());
    node.put("name", nic.name());
    node.set("primary_ip", primaryIp(wire, nic));
    node.put("resource_type", "network_interface");
    node.set("subnet", VpcJson.subnetReference(wire, nic.subnetId(), nic.subnetName(), i.zone()));
    return node;
  }

  private static ObjectNode networkAttachment(Wire wire, Instance i, NetworkInterface nic) {
    var node = Json.object();
    node.put(
        "href", wire.links().href("/v1/instances/" + i.id() + "/network_attachments/" + nic.id()));
    node.put("id", nic.id());
    node.put("name", nic.name());
    node.set("primary_ip", primaryIp(wire, nic));
    node.put("resource_type", "instance_network_attachment");
    node.set("subnet", VpcJson.subnetReference(wire, nic.subnetId(), nic.subnetName(), i.zone()));
    var vni = node.putObject("virtual_network_interface");
    vni.put("crn", wire.links().zonalCrn(i.zone(), "virtual-network-interface", nic.id() + "-vni"));
    vni.put("href", wire.links().href("virtual_network_interfaces", nic.id() + "-vni"));
    vni.put("id", nic.id() + "-vni");
    vni.put("name", nic.name() + "-vni");
    vni.put("resource_type", "virtual_network_interface");
    return node;
  }

  private static ObjectNode primaryIp(Wire wire, NetworkInterface nic) {
    var ip = Json.object();
    ip.put("address", nic.primaryIp());
    ip.put(
        "href",
        wire.links().href("/v1/subnets/" + nic.subnetId() + "/reserved_ips/" + nic.id() + "-ip"));
    ip.put("id", nic.id() + "-ip");
    ip.put("name", nic.name() + "-ip");
    ip.put("resource_type", "subnet_reserved_ip");
    return ip;
  }
}
