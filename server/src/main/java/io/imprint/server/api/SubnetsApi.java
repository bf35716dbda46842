package io.imprint.server.api;

import io.imprint.core.app.vpc.VpcService;
import io.imprint.core.port.SubnetRepository;
import io.imprint.server.http.Http;
import io.imprint.server.iam.Authorizer;
import io.imprint.server.wire.VpcJson;
import io.javalin.http.Context;

/** {@code /v1/subnets}; the {@code zone.name} filter matters: scripts pick a subnet by zone. */
public final class SubnetsApi {
  private final Http http;
  private final VpcService vpcs;

  public SubnetsApi(Http http, VpcService vpcs) {
    this.http = http;
    this.vpcs = vpcs;
  }

  public void listSubnets(Context ctx) {
    var query = http.query(ctx);
    var filter =
        new SubnetRepository.Filter(
            query.string("vpc.id"), query.string("zone.name"), query.string("resource_group.id"));
    var page =
        vpcs.listSubnets(
            filter, Authorizer.readScope(ctx), query.page(http.tokens(), "/v1/subnets"));
    var wire = http.wire(ctx);
    http.json(
        ctx,
        200,
        wire.collection(
            ctx,
            http.tokens(),
            "/v1/subnets",
            "subnets",
            query.limit(),
            page,
            s -> VpcJson.subnet(wire, s)));
  }

  public void createSubnet(Context ctx) {
    var body = http.body(ctx);
    var group = body.object("resource_group");
    var subnet =
        vpcs.createSubnet(
            body.string("name"),
            body.requiredObject("vpc").identity("vpc", "vpcs"),
            body.requiredObject("zone").nameIdentity("zones"),
            body.string("ipv4_cidr_block"),
            body.integer("total_ipv4_address_count"),
            group == null ? null : group.identity("resource-group", "resource_groups"));
    http.json(ctx, 201, VpcJson.subnet(http.wire(ctx), subnet));
  }

  public void getSubnet(Context ctx) {
    http.json(ctx, 200, VpcJson.subnet(http.wire(ctx), vpcs.getSubnet(ctx.pathParam("id"))));
  }

  public void deleteSubnet(Context ctx) {
    vpcs.deleteSubnet(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }
}
