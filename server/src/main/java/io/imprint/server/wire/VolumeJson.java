package io.imprint.server.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.app.volume.VolumeDetails;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeAttachment;
import java.util.List;
import java.util.function.Predicate;

/** How volumes and references to them look on the wire. */
public final class VolumeJson {
  /** A volume's capacity grows whether or not it is attached; its IOPS never change by PATCH. */
  static final List<String> ADJUSTABLE_CAPACITY_STATES = List.of("attached", "unattached");

  static final List<String> ADJUSTABLE_IOPS_STATES = List.of();

  private final Catalog catalog;
  private final Predicate<String> imageExists;

  public VolumeJson(Catalog catalog, Predicate<String> imageExists) {
    this.catalog = catalog;
    this.imageExists = imageExists;
  }

  public ObjectNode render(Wire wire, VolumeDetails details) {
    var links = wire.links();
    var v = details.volume();
    var node = Json.object();
    node.put("active", details.isActive());
    var capacityStates = node.putArray("adjustable_capacity_states");
    ADJUSTABLE_CAPACITY_STATES.forEach(capacityStates::add);
    var iopsStates = node.putArray("adjustable_iops_states");
    ADJUSTABLE_IOPS_STATES.forEach(iopsStates::add);
    node.put("attachment_state", details.isAttached() ? "attached" : "unattached");
    node.put("bandwidth", v.bandwidth());
    node.put("busy", v.busy());
    node.put("capacity", v.capacity());
    node.put("created_at", Dates.format(v.createdAt()));
    node.put("crn", links.zonalCrn(v.zone(), "volume", v.id()));
    node.put("encryption", v.encryption());
    if (v.encryptionKeyCrn() != null) {
      node.putObject("encryption_key").put("crn", v.encryptionKeyCrn());
    }
    node.putArray("health_reasons");
    node.put("health_state", "ok");
    node.put("href", links.href("volumes", v.id()));
    node.put("id", v.id());
    node.put("iops", v.iops());
    node.put("name", v.name());
    if (v.operatingSystemName() != null) {
      node.set(
          "operating_system",
          CatalogJson.operatingSystem(
              links, catalog.requireOperatingSystem(v.operatingSystemName())));
    }
    node.set("profile", CatalogJson.volumeProfileReference(links, v.profileName()));
    node.set("resource_group", wire.resourceGroup(v.resourceGroupId()));
    node.put("resource_type", "volume");
    if (v.sourceImage() != null) {
      node.set(
          "source_image",
          ImageJson.reference(
              wire,
              v.sourceImage().id(),
              v.sourceImage().name(),
              imageExists.test(v.sourceImage().id())));
    }
    node.put("status", v.status().wire());
    node.set("status_reasons", ImageJson.statusReasons(wire, v.statusReasons()));
    node.put(
        "storage_generation",
        catalog.volumeProfile(v.profileName()).orElseThrow().storageGeneration());
    var tags = node.putArray("user_tags");
    details.userTags().forEach(tag -> tags.add(tag.value()));
    var attachments = node.putArray("volume_attachments");
    for (var a : details.attachments()) {
      attachments.add(attachmentFromVolume(wire, a.attachment(), a.instance()));
    }
    node.set("zone", wire.zone(v.zone()));
    return node;
  }

  public static ObjectNode reference(Wire wire, Volume v) {
    var node = Json.object();
    node.put("crn", wire.links().zonalCrn(v.zone(), "volume", v.id()));
    node.put("href", wire.links().href("volumes", v.id()));
    node.put("id", v.id());
    node.put("name", v.name());
    node.put("resource_type", "volume");
    return node;
  }

  /** An attachment as a volume shows it: which instance holds it. */
  private static ObjectNode attachmentFromVolume(Wire wire, VolumeAttachment a, Instance instance) {
    var node = Json.object();
    node.put("delete_volume_on_instance_delete", a.deleteVolumeOnInstanceDelete());
    node.putObject("device").put("id", a.id() + "-device");
    node.put(
        "href",
        wire.links().href("/v1/instances/" + a.instanceId() + "/volume_attachments/" + a.id()));
    node.put("id", a.id());
    node.set("instance", InstanceJson.reference(wire, instance));
    node.put("name", a.name());
    node.put("type", a.type().wire());
    return node;
  }
}
