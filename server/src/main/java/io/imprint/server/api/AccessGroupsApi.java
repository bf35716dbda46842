package io.imprint.server.api;

import io.imprint.core.app.iam.AccessGroupService;
import io.imprint.server.http.Http;
import io.imprint.server.http.RequestIds;
import io.imprint.server.wire.IamJson;
import io.imprint.server.wire.Json;
import io.imprint.server.wire.JsonBody;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /v2/groups}, shaped like IBM's IAM Access Groups API: paged by {@code limit}/{@code
 * offset} with {@code total_count}, an {@code ETag} header that a PATCH names in {@code If-Match},
 * members added by PUT with a 207 answer per member and removed one by one.
 */
public final class AccessGroupsApi {
  private final Http http;
  private final AccessGroupService groups;
  private final String accountId;

  public AccessGroupsApi(Http http, AccessGroupService groups, String accountId) {
    this.http = http;
    this.groups = groups;
    this.accountId = accountId;
  }

  public void listAccessGroups(Context ctx) {
    IamRequests.requireAccount(http.query(ctx).string("account_id"), accountId, false);
    var page = groups.listAccessGroups(IamRequests.offset(ctx), IamRequests.limit(ctx));
    var links = http.links();
    http.json(
        ctx,
        200,
        IamJson.groupsList(page, "groups", links.href("/v2/groups"), g -> IamJson.group(links, g)));
  }

  public void createAccessGroup(Context ctx) {
    IamRequests.requireAccount(http.query(ctx).string("account_id"), accountId, false);
    var body = http.body(ctx);
    var group = groups.createAccessGroup(body.requiredString("name"), body.string("description"));
    ctx.header("ETag", Http.etag(group.version()));
    http.json(ctx, 201, IamJson.group(http.links(), group));
  }

  public void getAccessGroup(Context ctx) {
    var group = groups.getAccessGroup(ctx.pathParam("id"));
    ctx.header("ETag", Http.etag(group.version()));
    http.json(ctx, 200, IamJson.group(http.links(), group));
  }

  public void updateAccessGroup(Context ctx) {
    var ifMatch = IamRequests.ifMatch(ctx);
    var body = http.body(ctx);
    var group =
        groups.updateAccessGroup(
            ctx.pathParam("id"), ifMatch, body.string("name"), body.string("description"));
    ctx.header("ETag", Http.etag(group.version()));
    http.json(ctx, 200, IamJson.group(http.links(), group));
  }

  public void deleteAccessGroup(Context ctx) {
    var force = "true".equalsIgnoreCase(ctx.queryParam("force"));
    groups.deleteAccessGroup(ctx.pathParam("id"), force);
    http.noContent(ctx, 204);
  }

  public void addMembersToAccessGroup(Context ctx) {
    var given = http.body(ctx).objects("members");
    // no members at all is refused by the service, as an empty list is
    var asked =
        (given == null ? List.<JsonBody>of() : given)
            .stream()
                .map(
                    m ->
                        new AccessGroupService.MemberRequest(
                            m.requiredString("iam_id"), m.requiredString("type")))
                .toList();
    var results = groups.addMembersToAccessGroup(ctx.pathParam("id"), asked);
    var body = Json.object();
    var members = body.putArray("members");
    results.forEach(r -> members.add(IamJson.memberResult(r, RequestIds.of(ctx))));
    http.json(ctx, 207, body);
  }

  public void listAccessGroupMembers(Context ctx) {
    var id = ctx.pathParam("id");
    var page = groups.listAccessGroupMembers(id, IamRequests.offset(ctx), IamRequests.limit(ctx));
    var links = http.links();
    http.json(
        ctx,
        200,
        IamJson.groupsList(
            page,
            "members",
            links.href("/v2/groups/" + id + "/members"),
            m -> IamJson.member(links, id, m)));
  }

  public void removeMemberFromAccessGroup(Context ctx) {
    groups.removeMemberFromAccessGroup(ctx.pathParam("id"), ctx.pathParam("iam_id"));
    http.noContent(ctx, 204);
  }
}
