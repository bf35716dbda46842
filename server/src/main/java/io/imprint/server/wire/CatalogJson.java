package io.imprint.server.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.domain.catalog.InstanceProfile;
import io.imprint.core.domain.catalog.OperatingSystem;
import io.imprint.core.domain.catalog.VolumeProfile;
import io.imprint.core.domain.region.Region;
import io.imprint.core.domain.region.Zone;
import io.imprint.core.domain.volume.VolumeRules;

/** The wire shapes of the fixed catalog: regions, zones, operating systems and profiles. */
public final class CatalogJson {
  private CatalogJson() {}

  public static ObjectNode region(Links links, Region region) {
    var node = Json.object();
    node.put("endpoint", links.baseUrl());
    node.put("href", links.href("regions", region.name()));
    node.put("name", region.name());
    node.put("status", "available");
    return node;
  }

  public static ObjectNode zone(Links links, Zone zone) {
    var node = Json.object();
    node.put("href", links.href("/v1/regions/" + zone.regionName() + "/zones/" + zone.name()));
    node.put("name", zone.name());
    var region = node.putObject("region");
    region.put("href", links.href("regions", zone.regionName()));
    region.put("name", zone.regionName());
    node.put("status", "available");
    node.put(
        "universal_name",
        zone.regionName().replace("-", "")
            + "-"
            + zone.name().substring(zone.name().lastIndexOf('-') + 1));
    return node;
  }

  public static ObjectNode operatingSystem(Links links, OperatingSystem os) {
    var node = Json.object();
    node.put("allow_user_image_creation", os.allowUserImageCreation());
    node.put("architecture", os.architecture());
    node.put("dedicated_host_only", os.dedicatedHostOnly());
    node.put("display_name", os.displayName());
    node.put("family", os.family());
    node.put("href", links.href("operating_systems", os.name()));
    node.put("name", os.name());
    node.put("user_data_format", os.userDataFormat());
    node.put("vendor", os.vendor());
    node.put("version", os.version());
    return node;
  }

  /**
   * An instance profile offers exactly what an Imprint instance of it gets: the standard
   * availability class, a full VCPU share without bursting, no secure boot, confidential computing,
   * reservations, cluster networks or instance storage, one network interface or attachment, and
   * pooled volume bandwidth.
   */
  public static ObjectNode instanceProfile(Links links, InstanceProfile p) {
    var node = Json.object();
    fixed(node, "availability_class", InstanceJson.AVAILABILITY_CLASS);
    fixed(node, "bandwidth", p.bandwidthMbps());
    enumOf(node, "cluster_network_attachment_count", 0);
    enumOf(node, "confidential_compute_modes", InstanceJson.CONFIDENTIAL_COMPUTE_MODE);
    node.putArray("disks");
    node.put("family", p.family());
    node.put("href", links.href("/v1/instance/profiles/" + p.name()));
    fixed(node, "memory", p.memoryGb());
    node.put("name", p.name());
    oneNetworkInterface(node, "network_attachment_count");
    // with one network interface, dividing the bandwidth among interfaces gives it all of it
    fixed(node, "network_bandwidth_mode", "divided");
    oneNetworkInterface(node, "network_interface_count");
    var os = node.putObject("os_architecture");
    os.put("default", p.architecture());
    os.put("type", "enum");
    os.putArray("values").add(p.architecture());
    fixed(node, "port_speed", 16000);
    var terms = node.putObject("reservation_terms");
    terms.put("type", "enum");
    terms.putArray("values");
    node.put("resource_type", "instance_profile");
    var secureBoot = node.putObject("secure_boot_modes");
    secureBoot.put("default", InstanceJson.SECURE_BOOT);
    secureBoot.put("type", "enum");
    secureBoot.putArray("values").add(InstanceJson.SECURE_BOOT);
    node.put("status", "current");
    node.putArray("supported_cluster_network_profiles");
    var total = node.putObject("total_volume_bandwidth");
    total.put("type", "dependent");
    fixed(node, "vcpu_architecture", p.architecture());
    // a burst limit is a percentage of the VCPU share: 100 is no burst above it
    fixed(node, "vcpu_burst_limit", 100);
    fixed(node, "vcpu_count", p.vcpuCount());
    fixed(node, "vcpu_manufacturer", InstanceJson.vcpuManufacturer(p));
    enumOf(node, "vcpu_percentage", InstanceJson.VCPU_PERCENTAGE);
    enumOf(node, "volume_bandwidth_qos_modes", InstanceJson.VOLUME_BANDWIDTH_QOS_MODE);
    return node;
  }

  public static ObjectNode instanceProfileReference(Links links, String name) {
    var node = Json.object();
    node.put("href", links.href("/v1/instance/profiles/" + name));
    node.put("name", name);
    node.put("resource_type", "instance_profile");
    return node;
  }

  /**
   * A volume profile states what the server accepts: data volumes of 10 GB up to the profile's
   * maximum (100 GB when none is given), boot volumes from 100 GB (or the image's minimum) up to
   * 250 GB, or on sdp up to its maximum by growing; IOPS chosen from a range on custom and sdp, and
   * following from the capacity on the tiered profiles; bandwidth following from the IOPS.
   */
  public static ObjectNode volumeProfile(Links links, VolumeProfile p) {
    var node = Json.object();
    var capacityStates = node.putObject("adjustable_capacity_states");
    capacityStates.put("type", "enum");
    VolumeJson.ADJUSTABLE_CAPACITY_STATES.forEach(capacityStates.putArray("values")::add);
    var iopsStates = node.putObject("adjustable_iops_states");
    iopsStates.put("type", "enum");
    VolumeJson.ADJUSTABLE_IOPS_STATES.forEach(iopsStates.putArray("values")::add);
    node.putObject("bandwidth").put("type", "dependent");
    dependentRange(node, "boot_capacity", VolumeRules.BOOT_MIN_GB, VolumeRules.bootMaxGb(p));
    range(
        node,
        "capacity",
        VolumeRules.DATA_DEFAULT_GB,
        VolumeRules.DATA_MIN_GB,
        VolumeRules.dataMaxGb(p));
    node.put("family", p.family());
    node.put("href", links.href("/v1/volume/profiles/" + p.name()));
    if (p.tiered()) {
      dependentRange(
          node, "iops", p.iopsFor(VolumeRules.DATA_MIN_GB), p.iopsFor(VolumeRules.dataMaxGb(p)));
    } else {
      range(node, "iops", p.defaultIops(), VolumeProfile.MIN_IOPS, VolumeProfile.MAX_IOPS);
    }
    node.put("name", p.name());
    fixed(node, "storage_generation", p.storageGeneration());
    return node;
  }

  public static ObjectNode volumeProfileReference(Links links, String name) {
    var node = Json.object();
    node.put("href", links.href("/v1/volume/profiles/" + name));
    node.put("name", name);
    return node;
  }

  private static void fixed(ObjectNode node, String field, int value) {
    var o = node.putObject(field);
    o.put("type", "fixed");
    o.put("value", value);
  }

  private static void fixed(ObjectNode node, String field, String value) {
    var o = node.putObject(field);
    o.put("type", "fixed");
    o.put("value", value);
  }

  /** {@code {default, type: enum, values: [value]}}: the one value there is. */
  private static void enumOf(ObjectNode node, String field, int value) {
    var o = node.putObject(field);
    o.put("default", value);
    o.put("type", "enum");
    o.putArray("values").add(value);
  }

  private static void enumOf(ObjectNode node, String field, String value) {
    var o = node.putObject(field);
    o.put("default", value);
    o.put("type", "enum");
    o.putArray("values").add(value);
  }

  private static void range(ObjectNode node, String field, int dflt, int min, int max) {
    var o = node.putObject(field);
    o.put("default", dflt);
    o.put("max", max);
    o.put("min", min);
    o.put("step", 1);
    o.put("type", "range");
  }

  /** A range whose bounds depend on other values (the image, the capacity). */
  private static void dependentRange(ObjectNode node, String field, int min, int max) {
    var o = node.putObject(field);
    o.put("max", max);
    o.put("min", min);
    o.put("step", 1);
    o.put("type", "dependent_range");
  }

  /** An instance has its primary network interface (or attachment) and no other. */
  private static void oneNetworkInterface(ObjectNode node, String field) {
    var o = node.putObject(field);
    o.put("max", 1);
    o.put("min", 1);
    o.put("type", "range");
  }
}
