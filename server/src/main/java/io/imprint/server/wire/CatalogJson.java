package io.imprint.server.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.domain.catalog.InstanceProfile;
import io.imprint.core.domain.catalog.OperatingSystem;
import io.imprint.core.domain.catalog.VolumeProfile;
import io.imprint.core.domain.region.Region;
import io.imprint.core.domain.region.Zone;

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

  public static ObjectNode instanceProfile(Links links, InstanceProfile p) {
    var node = Json.object();
    fixed(node, "bandwidth", p.bandwidthMbps());
    node.putArray("disks");
    node.put("family", p.family());
    node.put("href", links.href("/v1/instance/profiles/" + p.name()));
    fixed(node, "memory", p.memoryGb());
    node.put("name", p.name());
    var nic = node.putObject("network_interface_count");
    nic.put("max", 5);
    nic.put("min", 1);
    nic.put("type", "range");
    var os = node.putObject("os_architecture");
    os.put("default", p.architecture());
    os.put("type", "enum");
    os.putArray("values").add(p.architecture());
    fixed(node, "port_speed", 16000);
    node.put("status", "current");
    var total = node.putObject("total_volume_bandwidth");
    total.put("type", "dependent");
    var arch = node.putObject("vcpu_architecture");
    arch.put("type", "fixed");
    arch.put("value", p.architecture());
    fixed(node, "vcpu_count", p.vcpuCount());
    var maker = node.putObject("vcpu_manufacturer");
    maker.put("type", "fixed");
    maker.put("value", p.architecture().equals("s390x") ? "ibm" : "intel");
    return node;
  }

  public static ObjectNode instanceProfileReference(Links links, String name) {
    var node = Json.object();
    node.put("href", links.href("/v1/instance/profiles/" + name));
    node.put("name", name);
    return node;
  }

  public static ObjectNode volumeProfile(Links links, VolumeProfile p) {
    var node = Json.object();
    node.put("family", p.family());
    node.put("href", links.href("/v1/volume/profiles/" + p.name()));
    node.put("name", p.name());
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
}
