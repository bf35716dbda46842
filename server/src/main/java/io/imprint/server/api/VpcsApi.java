package io.imprint.server.api;

import io.imprint.core.app.vpc.VpcService;
import io.imprint.server.http.Http;
import io.imprint.server.iam.Authorizer;
import io.imprint.server.wire.VpcJson;
import io.javalin.http.Context;

/** {@code /v1/vpcs}. */
public final class VpcsApi {
  private final Http http;
  private final VpcService vpcs;

  public VpcsApi(Http http, VpcService vpcs) {
    this.http = http;
    this.vpcs = vpcs;
  }

  public void listVpcs(Context ctx) {
    var query = http.query(ctx);
    var page =
        vpcs.listVpcs(
            query.string("resource_group.id"),
            Authorizer.readScope(ctx),
            query.page(http.tokens(), "/v1/vpcs"));
    var wire = http.wire(ctx);
    http.json(
        ctx,
        200,
        wire.collection(
            ctx,
            http.tokens(),
            "/v1/vpcs",
            "vpcs",
            query.limit(),
            page,
            v -> VpcJson.vpc(wire, v)));
  }

  public void createVpc(Context ctx) {
    var body = http.body(ctx);
    var group = body.object("resource_group");
    var vpc =
        vpcs.createVpc(
            body.string("name"),
            group == null ? null : group.identity("resource-group", "resource_groups"));
    http.json(ctx, 201, VpcJson.vpc(http.wire(ctx), vpc));
  }

  public void getVpc(Context ctx) {
    http.json(ctx, 200, VpcJson.vpc(http.wire(ctx), vpcs.getVpc(ctx.pathParam("id"))));
  }

  public void deleteVpc(Context ctx) {
    vpcs.deleteVpc(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }
}
