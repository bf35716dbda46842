package io.imprint.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.common.StatusReason;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.region.Region;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;

/**
 * The one place that knows how an image looks on the wire, including what the API version changes:
 * before 2025-06-30 an image shows {@code owner_type} ({@code user}/{@code provider}); from then
 * on, an image owned by another account shows {@code remote.account} and the caller's own images
 * show neither. {@code zones} appears from 2026-04-14, when IBM added it.
 */
public final class ImageJson {
  public static final LocalDate ZONES_SINCE = LocalDate.of(2026, 4, 14);

  private final Catalog catalog;
  private final Region region;
  private final String accountId;
  private final Predicate<String> volumeExists;

  public ImageJson(
      Catalog catalog, Region region, String accountId, Predicate<String> volumeExists) {
    this.catalog = catalog;
    this.region = region;
    this.accountId = accountId;
    this.volumeExists = volumeExists;
  }

  /**
   * Everything {@link #render} reads besides constants of this server: the image's row version, the
   * API version's two gates, the public base URL, its group's name and whether its source volume
   * still exists.
   */
  private record RenderKey(
      long version,
      boolean remote,
      boolean zones,
      String base,
      String groupName,
      boolean sourceVolumeExists) {}

  /** Twenty list pages' worth; an image renders to about 1.3 KB. */
  private final RenderCache<RenderKey> cache = new RenderCache<>(2048);

  /**
   * As {@link #render}, served from the render cache when nothing it reads has changed (list pages,
   * reads).
   */
  public JsonNode renderCached(Wire wire, Image image) {
    boolean sourceVolumeExists = sourceVolumeExists(image);
    var key =
        new RenderKey(
            image.version(),
            wire.version().showsRemoteAccount(),
            showsZones(wire),
            wire.links().href(""),
            wire.resourceGroupName(image.resourceGroupId()),
            sourceVolumeExists);
    return cache.get(image.id(), key, () -> render(wire, image, sourceVolumeExists));
  }

  public ObjectNode render(Wire wire, Image image) {
    return render(wire, image, sourceVolumeExists(image));
  }

  private boolean sourceVolumeExists(Image image) {
    return image.sourceVolume() != null && volumeExists.test(image.sourceVolume().id());
  }

  private static boolean showsZones(Wire wire) {
    return !wire.version().date().isBefore(ZONES_SINCE);
  }

  private ObjectNode render(Wire wire, Image image, boolean sourceVolumeExists) {
    var links = wire.links();
    var node = Json.object();
    var owned = image.ownerAccountId().equals(accountId);
    node.set("allowed_use", allowedUse(image));
    node.putObject("catalog_offering").put("managed", image.catalogManaged());
    node.put("created_at", Dates.format(image.createdAt()));
    node.put("crn", links.crnOf(image.ownerAccountId(), "image", image.id()));
    Json.putDate(node, "deprecation_at", image.deprecationAt());
    node.put("encryption", image.encryption());
    if (image.encryptionKeyCrn() != null) {
      node.putObject("encryption_key").put("crn", image.encryptionKeyCrn());
    }
    var file = node.putObject("file");
    if (image.sha256() != null) {
      file.putObject("checksums").put("sha256", image.sha256());
    }
    Json.putIfSet(file, "size", image.fileSizeGb());
    node.put("href", links.href("images", image.id()));
    node.put("id", image.id());
    Json.putIfSet(node, "minimum_provisioned_size", image.minimumProvisionedSize());
    node.put("name", image.name());
    Json.putDate(node, "obsolescence_at", image.obsolescenceAt());
    node.set(
        "operating_system",
        CatalogJson.operatingSystem(
            links, catalog.requireOperatingSystem(image.operatingSystemName())));
    if (wire.version().showsRemoteAccount()) {
      if (!owned) {
        var account = node.putObject("remote").putObject("account");
        account.put("id", image.ownerAccountId());
        account.put("resource_type", "account");
      }
    } else {
      node.put("owner_type", owned ? "user" : "provider");
    }
    node.set("resource_group", wire.resourceGroup(image.resourceGroupId()));
    node.put("resource_type", "image");
    if (image.sourceVolume() != null) {
      var ref = node.putObject("source_volume");
      ref.put("crn", links.crn("volume", image.sourceVolume().id()));
      if (!sourceVolumeExists) {
        ref.putObject("deleted")
            .put("more_info", "https://cloud.ibm.com/apidocs/vpc#deleted-resources");
      }
      ref.put("href", links.href("volumes", image.sourceVolume().id()));
      ref.put("id", image.sourceVolume().id());
      ref.put("name", image.sourceVolume().name());
      ref.put("resource_type", "volume");
    }
    node.put("status", image.status().wire());
    node.set("status_reasons", statusReasons(wire, image.statusReasons()));
    node.put("user_data_format", image.userDataFormat());
    node.put("visibility", image.visibility().wire());
    if (showsZones(wire)) {
      var zones = node.putArray("zones");
      if (image.status() == ImageStatus.AVAILABLE || image.status() == ImageStatus.DEPRECATED) {
        region.zones().forEach(z -> zones.add(wire.zone(z.name())));
      }
    }
    return node;
  }

  /**
   * {@code {crn, href, id, name, resource_type}} as instances and volumes refer to their image,
   * with {@code deleted} once the image is gone (they keep working).
   */
  public static ObjectNode reference(Wire wire, String id, String name, boolean exists) {
    var node = Json.object();
    node.put("crn", wire.links().crn("image", id));
    if (!exists) {
      node.putObject("deleted")
          .put("more_info", "https://cloud.ibm.com/apidocs/vpc#deleted-resources");
    }
    node.put("href", wire.links().href("images", id));
    node.put("id", id);
    node.put("name", name);
    node.put("resource_type", "image");
    return node;
  }

  static ArrayNode statusReasons(Wire wire, List<StatusReason> reasons) {
    var array = Json.MAPPER.createArrayNode();
    for (var r : reasons) {
      var o = array.addObject();
      o.put("code", r.code());
      o.put("message", r.message());
      Json.putIfSet(o, "more_info", r.moreInfo());
    }
    return array;
  }

  private static ObjectNode allowedUse(Image image) {
    var node = Json.object();
    node.put("api_version", image.allowedUse().apiVersion());
    node.put("bare_metal_server", image.allowedUse().bareMetalServer());
    node.put("instance", image.allowedUse().instance());
    return node;
  }
}
