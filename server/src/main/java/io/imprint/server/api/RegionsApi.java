package io.imprint.server.api;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.region.Region;
import io.imprint.server.http.Http;
import io.imprint.server.wire.CatalogJson;
import io.imprint.server.wire.Json;
import io.javalin.http.Context;

/** {@code /v1/regions}: the one region this deployment serves, and its zones. */
public final class RegionsApi {
  private final Http http;
  private final Region region;

  public RegionsApi(Http http, Region region) {
    this.http = http;
    this.region = region;
  }

  public void listRegions(Context ctx) {
    var body = Json.object();
    body.putArray("regions").add(CatalogJson.region(http.links(), region));
    http.json(ctx, 200, body);
  }

  public void getRegion(Context ctx) {
    http.json(ctx, 200, CatalogJson.region(http.links(), requireRegion(ctx)));
  }

  public void listRegionZones(Context ctx) {
    var body = Json.object();
    var zones = body.putArray("zones");
    requireRegion(ctx).zones().forEach(z -> zones.add(CatalogJson.zone(http.links(), z)));
    http.json(ctx, 200, body);
  }

  public void getRegionZone(Context ctx) {
    http.json(
        ctx,
        200,
        CatalogJson.zone(http.links(), requireRegion(ctx).requireZone(ctx.pathParam("zone"))));
  }

  private Region requireRegion(Context ctx) {
    var name = ctx.pathParam("region");
    if (!name.equals(region.name())) {
      throw ApiException.notFound("Region", name);
    }
    return region;
  }
}
