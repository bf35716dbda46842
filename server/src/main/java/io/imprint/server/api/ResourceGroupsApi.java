package io.imprint.server.api;

import io.imprint.core.app.resourcegroup.ResourceGroupService;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.server.http.Http;
import io.imprint.server.iam.Authorizer;
import io.imprint.server.wire.Json;
import io.imprint.server.wire.ResourceGroupJson;
import io.javalin.http.Context;

/**
 * {@code /v2/resource_groups}, shaped like IBM Resource Manager: lists are {@code
 * {"resources":[…]}}, create answers 201 with {@code {id, crn}}, and no {@code version} parameter
 * is needed.
 */
public final class ResourceGroupsApi {
  private final Http http;
  private final ResourceGroupService groups;

  public ResourceGroupsApi(Http http, ResourceGroupService groups) {
    this.http = http;
    this.groups = groups;
  }

  public void listResourceGroups(Context ctx) {
    var name = http.query(ctx).string("name");
    var body = Json.object();
    var resources = body.putArray("resources");
    groups
        .listResourceGroups(name, Authorizer.readScope(ctx), PageRequest.all())
        .items()
        .forEach(g -> resources.add(ResourceGroupJson.render(http.links(), g)));
    http.json(ctx, 200, body);
  }

  public void createResourceGroup(Context ctx) {
    var group = groups.createResourceGroup(http.body(ctx).requiredString("name"));
    var body = Json.object();
    body.put("id", group.id());
    body.put("crn", http.links().resourceGroupCrn(group.id()));
    http.json(ctx, 201, body);
  }

  public void getResourceGroup(Context ctx) {
    http.json(
        ctx,
        200,
        ResourceGroupJson.render(http.links(), groups.getResourceGroup(ctx.pathParam("id"))));
  }

  public void updateResourceGroup(Context ctx) {
    var group =
        groups.updateResourceGroup(ctx.pathParam("id"), http.body(ctx).requiredString("name"));
    http.json(ctx, 200, ResourceGroupJson.render(http.links(), group));
  }

  public void deleteResourceGroup(Context ctx) {
    groups.deleteResourceGroup(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }
}
