package io.imprint.server.api;

import io.imprint.core.domain.catalog.Catalog;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.Page;
import io.imprint.server.http.Http;
import io.imprint.server.wire.CatalogJson;
import io.imprint.server.wire.Json;
import io.javalin.http.Context;
import java.util.List;

/**
 * The fixed catalog: {@code /v1/operating_systems}, {@code /v1/instance/profiles}, {@code
 * /v1/volume/profiles}.
 */
public final class CatalogApi {
  private final Http http;
  private final Catalog catalog;

  public CatalogApi(Http http, Catalog catalog) {
    this.http = http;
    this.catalog = catalog;
  }

  public void listOperatingSystems(Context ctx) {
    int limit = http.query(ctx).limit();
    var items = catalog.operatingSystems();
    var page = http.query(ctx).page(http.tokens(), "/v1/operating_systems");
    http.json(
        ctx,
        200,
        http.wire(ctx)
            .collection(
                ctx,
                http.tokens(),
                "/v1/operating_systems",
                "operating_systems",
                limit,
                slice(items, (int) page.after(), limit),
                os -> CatalogJson.operatingSystem(http.links(), os)));
  }

  public void getOperatingSystem(Context ctx) {
    http.json(
        ctx,
        200,
        CatalogJson.operatingSystem(
            http.links(), catalog.requireOperatingSystem(ctx.pathParam("name"))));
  }

  public void listInstanceProfiles(Context ctx) {
    var body = Json.object();
    var profiles = body.putArray("profiles");
    catalog
        .instanceProfiles()
        .forEach(p -> profiles.add(CatalogJson.instanceProfile(http.links(), p)));
    http.json(ctx, 200, body);
  }

  public void getInstanceProfile(Context ctx) {
    var name = ctx.pathParam("name");
    var profile =
        catalog
            .instanceProfile(name)
            .orElseThrow(() -> ApiException.notFound("Instance profile", name));
    http.json(ctx, 200, CatalogJson.instanceProfile(http.links(), profile));
  }

  public void listVolumeProfiles(Context ctx) {
    int limit = http.query(ctx).limit();
    var page = http.query(ctx).page(http.tokens(), "/v1/volume/profiles");
    http.json(
        ctx,
        200,
        http.wire(ctx)
            .collection(
                ctx,
                http.tokens(),
                "/v1/volume/profiles",
                "profiles",
                limit,
                slice(catalog.volumeProfiles(), (int) page.after(), limit),
                p -> CatalogJson.volumeProfile(http.links(), p)));
  }

  public void getVolumeProfile(Context ctx) {
    var name = ctx.pathParam("name");
    var profile =
        catalog
            .volumeProfile(name)
            .orElseThrow(() -> ApiException.notFound("Volume profile", name));
    http.json(ctx, 200, CatalogJson.volumeProfile(http.links(), profile));
  }

  /**
   * A page of a fixed list; positions are list offsets, so a token stays valid as long as the
   * catalog is the same.
   */
  private static <T> Page<T> slice(List<T> all, int after, int limit) {
    int from = Math.min(after, all.size());
    int to = Math.min(from + limit, all.size());
    return new Page<>(all.subList(from, to), all.size(), to < all.size() ? (long) to : null);
  }
}
