package io.imprint.server.api;

import io.imprint.core.app.iam.PolicyService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.server.http.CallContexts;
import io.imprint.server.http.Http;
import io.imprint.server.wire.Json;
import io.imprint.server.wire.PolicyJson;
import io.javalin.http.Context;

/**
 * IAM Policy Management's access policies ({@code /v1/policies}), in IBM's shapes: who holds which
 * role on the account, a resource group, a resource type or one resource.
 */
public final class PoliciesApi {
  private final Http http;
  private final PolicyService policies;
  private final PolicyJson json;

  public PoliciesApi(Http http, PolicyService policies, String accountId) {
    this.http = http;
    this.policies = policies;
    this.json = new PolicyJson(http.links(), accountId);
  }

  public void listPolicies(Context ctx) {
    var node = Json.MAPPER.createObjectNode();
    var list = node.putArray("policies");
    policies
        .listPolicies(ctx.queryParam("iam_id"), ctx.queryParam("access_group_id"))
        .forEach(p -> list.add(json.render(p)));
    http.json(ctx, 200, node);
  }

  public void createPolicy(Context ctx) {
    var created = policies.createPolicy(json.parse(http.body(ctx)), author());
    ctx.header("ETag", Http.etag(created.version()));
    http.json(ctx, 201, json.render(created));
  }

  public void getPolicy(Context ctx) {
    var policy = policies.getPolicy(ctx.pathParam("id"));
    ctx.header("ETag", Http.etag(policy.version()));
    http.json(ctx, 200, json.render(policy));
  }

  public void replacePolicy(Context ctx) {
    var version = Http.ifMatch(ctx);
    if (version == null) {
      throw new ApiException(
          ErrorCode.PRECONDITION_FAILED,
          "Replacing a policy needs the If-Match header with its ETag (from GET /v1/policies/{id}).",
          Target.header("If-Match", ctx.header("If-Match")));
    }
    var replaced =
        policies.replacePolicy(ctx.pathParam("id"), version, json.parse(http.body(ctx)), author());
    ctx.header("ETag", Http.etag(replaced.version()));
    http.json(ctx, 200, json.render(replaced));
  }

  public void deletePolicy(Context ctx) {
    policies.deletePolicy(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }

  private static String author() {
    var caller = CallContexts.callerIamId();
    return caller == null ? "anonymous" : caller;
  }
}
