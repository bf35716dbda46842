package io.imprint.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.app.image.ImageCaptureService;
import io.imprint.core.app.image.ImageLifecycleService;
import io.imprint.core.app.image.ImageService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.image.AllowedUse;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageCreate;
import io.imprint.core.domain.image.ImageFilter;
import io.imprint.core.domain.image.ImagePatch;
import io.imprint.core.domain.image.ImageSort;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.tag.TagName;
import io.imprint.server.http.Http;
import io.imprint.server.iam.Authorizer;
import io.imprint.server.wire.ImageJson;
import io.imprint.server.wire.Json;
import io.imprint.server.wire.JsonBody;
import io.imprint.server.wire.Query;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /v1/images}, and the extensions of its list under {@code /imprint/v1/images}: a name
 * search, an order, and the counts per status.
 */
public final class ImagesApi {
  private static final Set<String> STATUSES =
      Arrays.stream(ImageStatus.values()).map(ImageStatus::wire).collect(Collectors.toSet());
  private static final Set<String> SORTS =
      Arrays.stream(ImageSort.values()).map(ImageSort::wire).collect(Collectors.toSet());
  private static final Set<String> USER_DATA_FORMATS =
      Set.of("cloud_init", "esxi_kickstart", "ipxe");

  private final Http http;
  private final ImageService images;
  private final ImageCaptureService captures;
  private final ImageLifecycleService lifecycle;
  private final ImageJson json;

  public ImagesApi(
      Http http,
      ImageService images,
      ImageCaptureService captures,
      ImageLifecycleService lifecycle,
      ImageJson json) {
    this.http = http;
    this.images = images;
    this.captures = captures;
    this.lifecycle = lifecycle;
    this.json = json;
  }

  public void listImages(Context ctx) {
    list(ctx, "/v1/images", false);
  }

  /**
   * {@code GET /imprint/v1/images}: {@code /v1/images} with a name search ({@code search}) and an
   * order ({@code sort}), which IBM's image list lacks; the same filters, paging and narrowing.
   */
  public void searchImages(Context ctx) {
    list(ctx, "/imprint/v1/images", true);
  }

  /**
   * {@code GET /imprint/v1/images/status_counts}: how many images of each status the list with the
   * same filters would show (its {@code status} filter aside), for a console's status chips.
   */
  public void countImagesByStatus(Context ctx) {
    var query = http.query(ctx);
    var counts =
        images.countImagesByStatus(
            filter(query, http.wire(ctx).version().showsRemoteAccount(), true),
            Authorizer.readScope(ctx));
    var body = Json.object();
    body.put("total_count", counts.values().stream().mapToLong(Long::longValue).sum());
    var byStatus = body.putObject("status_counts");
    counts.forEach((status, count) -> byStatus.put(status.wire(), count));
    http.json(ctx, 200, body);
  }

  /**
   * The one image list: {@code extended} reads the extensions' parameters too, and gives each image
   * its user tags ({@code user_tags}, which IBM keeps in Global Tagging, not on the image).
   */
  private void list(Context ctx, String path, boolean extended) {
    var query = http.query(ctx);
    var wire = http.wire(ctx);
    var sort = extended ? query.enumValue("sort", SORTS) : null;
    var page =
        images.listImages(
            filter(query, wire.version().showsRemoteAccount(), extended),
            sort == null ? null : ImageSort.fromWire(sort).orElseThrow(),
            Authorizer.readScope(ctx),
            query.page(http.tokens(), path));
    Function<Image, JsonNode> render = i -> json.renderCached(wire, i);
    if (extended) {
      var tags = images.tagsOf(page.items());
      render =
          i -> {
            // rendered afresh: the cache keeps finished bytes, shared by every list and get
            var node = json.render(wire, i);
            var names = node.putArray("user_tags");
            tags.getOrDefault(i.id(), List.of()).forEach(t -> names.add(t.value()));
            return node;
          };
    }
    http.json(
        ctx, 200, wire.collection(ctx, http.tokens(), path, "images", query.limit(), page, render));
  }

  public void createImage(Context ctx) {
    var body = http.body(ctx);
    var file = body.object("file");
    var volume = body.object("source_volume");
    var group = body.object("resource_group");
    var allowed = body.object("allowed_use");
    if ((file == null) == (volume == null)) {
      throw new ApiException(
          ErrorCode.VALIDATION_ONLY_ONE,
          "Give exactly one of file (with operating_system, to import a file) or source_volume (to capture a boot volume).",
          Target.field(file == null ? "source_volume" : "file"));
    }
    var version = http.wire(ctx).version().date().toString();
    var common =
        new ImageCreate.Common(
            body.string("name"),
            group == null ? null : group.identity("resource-group", "resource_groups"),
            encryptionKeyCrn(body),
            body.string("encrypted_data_key"),
            body.dateTime("deprecation_at"),
            body.dateTime("obsolescence_at"),
            allowed == null
                ? null
                : new AllowedUse(
                    orDefault(allowed.string("api_version"), version),
                    orDefault(allowed.string("bare_metal_server"), "true"),
                    orDefault(allowed.string("instance"), "true")),
            version);
    ImageCreate request =
        file == null
            ? new ImageCreate.FromVolume(
                common, volume.identity("volume", "volumes"), body.isExplicitNull("encryption_key"))
            : new ImageCreate.FromFile(
                common,
                file.requiredString("href"),
                body.requiredObject("operating_system").nameIdentity("operating_systems"));
    http.json(ctx, 201, json.render(http.wire(ctx), images.createImage(request)));
  }

  /** {@code encryption_key: {crn}}, or null when absent. */
  static String encryptionKeyCrn(JsonBody body) {
    var key = body.object("encryption_key");
    return key == null ? null : key.requiredString("crn");
  }

  public void deleteImage(Context ctx) {
    images.deleteImage(ctx.pathParam("id"));
    http.noContent(ctx, 202);
  }

  public void updateImage(Context ctx) {
    var body = http.body(ctx);
    if (body.isExplicitNull("name")) {
      throw new ApiException(
          ErrorCode.VALIDATION_NOT_NULL, "name cannot be cleared.", Target.field("name"));
    }
    var allowed = body.object("allowed_use");
    var current = allowed == null ? null : images.getImage(ctx.pathParam("id")).allowedUse();
    var patch =
        new ImagePatch(
            body.string("name"),
            body.dateTime("deprecation_at"),
            body.isExplicitNull("deprecation_at"),
            body.dateTime("obsolescence_at"),
            body.isExplicitNull("obsolescence_at"),
            allowed == null
                ? null
                : new AllowedUse(
                    orDefault(allowed.string("api_version"), current.apiVersion()),
                    orDefault(allowed.string("bare_metal_server"), current.bareMetalServer()),
                    orDefault(allowed.string("instance"), current.instance())));
    http.json(
        ctx, 200, json.render(http.wire(ctx), images.updateImage(ctx.pathParam("id"), patch)));
  }

  public void deprecateImage(Context ctx) {
    lifecycle.deprecateImage(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }

  public void obsoleteImage(Context ctx) {
    lifecycle.obsoleteImage(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }

  public void getImageCapture(Context ctx) {
    var p = captures.getImageCapture(ctx.pathParam("id"));
    var body = Json.object();
    body.put("state", p.state());
    body.put("bytes_done", p.bytesDone());
    body.put("bytes_total", p.bytesTotal());
    Json.putDate(body, "started_at", p.startedAt());
    Json.putDate(body, "updated_at", p.updatedAt());
    if (p.rateBytesPerSecond() != null) {
      body.put("rate_bytes_per_second", p.rateBytesPerSecond());
    }
    if (p.etaSeconds() != null) {
      body.put("eta_seconds", p.etaSeconds());
    }
    http.json(ctx, 200, body);
  }

  public void cancelImageCapture(Context ctx) {
    captures.cancelImageCapture(ctx.pathParam("id"), "true".equals(ctx.queryParam("delete")));
    http.noContent(ctx, 202);
  }

  public void getImage(Context ctx) {
    http.json(ctx, 200, json.renderCached(http.wire(ctx), images.getImage(ctx.pathParam("id"))));
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static ImageFilter filter(Query query, boolean remoteAccountVersion, boolean extended) {
    var statuses = query.list("status", STATUSES);
    var visibility = query.enumValue("visibility", Set.of("private", "public"));
    return new ImageFilter(
        statuses == null
            ? null
            : statuses.stream()
                .map(s -> ImageStatus.fromWire(s).orElseThrow())
                .collect(Collectors.toSet()),
        visibility == null ? null : Image.Visibility.valueOf(visibility.toUpperCase()),
        query.string("name"),
        query.string("resource_group.id"),
        query.list("user_data_format", USER_DATA_FORMATS),
        owner(query, remoteAccountVersion),
        TagName.forFilter(query.string("tag")),
        extended ? query.string("search") : null);
  }

  /**
   * {@code remote.account.id} ({@code null} = mine, {@code not:null} = others', or an account id);
   * before API version 2025-06-30 the same question was {@code owner_type=user|provider}.
   */
  private static ImageFilter.Owner owner(Query query, boolean remoteAccountVersion) {
    var ownerType = query.enumValue("owner_type", Set.of("user", "provider"));
    if (ownerType != null) {
      if (remoteAccountVersion) {
        throw new ApiException(
            ErrorCode.INVALID_VALUE,
            "owner_type was replaced by remote.account.id in API version 2025-06-30: use remote.account.id=null for"
                + " your own images and remote.account.id=not:null for provider images.",
            Target.parameter("owner_type", ownerType));
      }
      return ownerType.equals("user") ? ImageFilter.Owner.mine() : ImageFilter.Owner.others();
    }
    var account = query.string("remote.account.id");
    if (account == null) {
      return null;
    }
    return switch (account) {
      case "null" -> ImageFilter.Owner.mine();
      case "not:null" -> ImageFilter.Owner.others();
      default -> ImageFilter.Owner.account(account);
    };
  }
}
