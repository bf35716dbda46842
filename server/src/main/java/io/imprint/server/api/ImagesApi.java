package io.imprint.server.api;

import io.imprint.core.common.ApiException;
import io.imprint.core.common.ErrorCode;
import io.imprint.core.common.Target;
import io.imprint.core.image.Image;
import io.imprint.core.image.ImageFilter;
import io.imprint.core.image.ImageService;
import io.imprint.core.image.ImageStatus;
import io.imprint.server.http.Http;
import io.imprint.server.http.Query;
import io.imprint.server.wire.ImageJson;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code /v1/images}. */
public final class ImagesApi {
  private static final Set<String> STATUSES = Arrays.stream(ImageStatus.values()).map(ImageStatus::wire).collect(Collectors.toSet());
  private static final Set<String> USER_DATA_FORMATS = Set.of("cloud_init", "esxi_kickstart", "ipxe");

  private final Http http;
  private final ImageService images;
  private final ImageJson json;

  public ImagesApi(Http http, ImageService images, ImageJson json) {
    this.http = http;
    this.images = images;
    this.json = json;
  }

  public void listImages(Context ctx) {
    var query = http.query(ctx);
    var wire = http.wire(ctx);
    var page = images.listImages(filter(query, wire.version().showsRemoteAccount()), query.page(http.tokens(), "/v1/images"));
    http.json(ctx, 200, wire.collection(ctx, http.tokens(), "/v1/images", "images", query.limit(), page, i -> json.render(wire, i)));
  }

  public void getImage(Context ctx) {
    http.json(ctx, 200, json.render(http.wire(ctx), images.getImage(ctx.pathParam("id"))));
  }

  private static ImageFilter filter(Query query, boolean remoteAccountVersion) {
    var statuses = query.list("status", STATUSES);
    var visibility = query.enumValue("visibility", Set.of("private", "public"));
    return new ImageFilter(
        statuses == null ? null : statuses.stream().map(s -> ImageStatus.fromWire(s).orElseThrow()).collect(Collectors.toSet()),
        visibility == null ? null : Image.Visibility.valueOf(visibility.toUpperCase()),
        query.string("name"),
        query.string("resource_group.id"),
        query.list("user_data_format", USER_DATA_FORMATS),
        owner(query, remoteAccountVersion));
  }

  /**
   * {@code remote.account.id} ({@code null} = mine, {@code not:null} = others', or an account id); before API
   * version 2025-06-30 the same question was {@code owner_type=user|provider}.
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
