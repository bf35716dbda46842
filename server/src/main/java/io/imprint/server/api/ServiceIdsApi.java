package io.imprint.server.api;

import io.imprint.core.app.iam.ServiceIdService;
import io.imprint.server.http.Http;
import io.imprint.server.wire.IamJson;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /v1/serviceids}, shaped like IBM's IAM Identity API: no {@code version} parameter, paged
 * by {@code pagesize}/{@code pagetoken}, updates by PUT with {@code If-Match}, locks by {@code
 * POST} and {@code DELETE} of {@code /lock}.
 */
public final class ServiceIdsApi {
  private final Http http;
  private final ServiceIdService serviceIds;
  private final String accountId;

  public ServiceIdsApi(Http http, ServiceIdService serviceIds, String accountId) {
    this.http = http;
    this.serviceIds = serviceIds;
    this.accountId = accountId;
  }

  public void listServiceIds(Context ctx) {
    var query = http.query(ctx);
    IamRequests.requireAccount(query.string("account_id"), accountId, false);
    var name = query.string("name");
    var page =
        serviceIds.listServiceIds(name, IamRequests.pagetoken(ctx), IamRequests.pagesize(ctx));
    var url =
        http.links().href("/v1/serviceids")
            + (name == null ? "" : "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    http.json(ctx, 200, IamJson.identityList(page, "serviceids", url, IamJson::serviceId));
  }

  public void createServiceId(Context ctx) {
    var body = http.body(ctx);
    IamRequests.requireAccount(body.string("account_id"), accountId, true);
    var locked = "true".equalsIgnoreCase(ctx.header("Entity-Lock"));
    var created =
        serviceIds.createServiceId(body.requiredString("name"), body.string("description"), locked);
    http.json(ctx, 201, IamJson.serviceId(created));
  }

  public void getServiceId(Context ctx) {
    http.json(ctx, 200, IamJson.serviceId(serviceIds.getServiceId(ctx.pathParam("id"))));
  }

  public void updateServiceId(Context ctx) {
    var ifMatch = IamRequests.ifMatch(ctx);
    var body = http.body(ctx);
    var updated =
        serviceIds.updateServiceId(
            ctx.pathParam("id"), ifMatch, body.string("name"), body.string("description"));
    http.json(ctx, 200, IamJson.serviceId(updated));
  }

  public void deleteServiceId(Context ctx) {
    serviceIds.deleteServiceId(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }

  public void lockServiceId(Context ctx) {
    serviceIds.lockServiceId(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }

  public void unlockServiceId(Context ctx) {
    serviceIds.unlockServiceId(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }
}
