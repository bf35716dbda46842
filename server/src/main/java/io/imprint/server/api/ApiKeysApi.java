package io.imprint.server.api;

import io.imprint.core.app.iam.ApiKeyService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.server.http.CallContexts;
import io.imprint.server.http.Http;
import io.imprint.server.wire.IamJson;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /v1/apikeys}, shaped like IBM's IAM Identity API. The secret {@code apikey} is in the
 * create answer only; Imprint keeps no key's value, so IBM's {@code store_value} and a caller's own
 * {@code apikey} are refused rather than ignored.
 */
public final class ApiKeysApi {
  private final Http http;
  private final ApiKeyService apiKeys;
  private final String accountId;

  public ApiKeysApi(Http http, ApiKeyService apiKeys, String accountId) {
    this.http = http;
    this.apiKeys = apiKeys;
    this.accountId = accountId;
  }

  public void listApiKeys(Context ctx) {
    var query = http.query(ctx);
    IamRequests.requireAccount(query.string("account_id"), accountId, false);
    var iamId = query.string("iam_id");
    var page = apiKeys.listApiKeys(iamId, IamRequests.pagetoken(ctx), IamRequests.pagesize(ctx));
    var url =
        http.links().href("/v1/apikeys")
            + (iamId == null ? "" : "?iam_id=" + URLEncoder.encode(iamId, StandardCharsets.UTF_8));
    http.json(
        ctx,
        200,
        IamJson.identityList(page, "apikeys", url, k -> IamJson.apiKey(k, accountId, null)));
  }

  public void createApiKey(Context ctx) {
    var body = http.body(ctx);
    IamRequests.requireAccount(body.string("account_id"), accountId, true);
    if (body.string("apikey") != null) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "Imprint makes every API key itself; apikey cannot be given.",
          Target.field("apikey"));
    }
    if (Boolean.TRUE.equals(body.bool("store_value"))) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "Imprint keeps no API key's value, so store_value cannot be true.",
          Target.field("store_value", true));
    }
    var created =
        apiKeys.createApiKey(
            body.requiredString("name"),
            body.requiredString("iam_id"),
            body.string("description"),
            "true".equalsIgnoreCase(ctx.header("Entity-Lock")),
            CallContexts.callerIamId());
    http.json(ctx, 201, IamJson.apiKey(created.details(), accountId, created.apikey()));
  }

  public void getApiKey(Context ctx) {
    http.json(ctx, 200, IamJson.apiKey(apiKeys.getApiKey(ctx.pathParam("id")), accountId, null));
  }

  public void updateApiKey(Context ctx) {
    var ifMatch = IamRequests.ifMatch(ctx);
    var body = http.body(ctx);
    var updated =
        apiKeys.updateApiKey(
            ctx.pathParam("id"), ifMatch, body.string("name"), body.string("description"));
    http.json(ctx, 200, IamJson.apiKey(updated, accountId, null));
  }

  public void deleteApiKey(Context ctx) {
    apiKeys.deleteApiKey(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }

  public void lockApiKey(Context ctx) {
    apiKeys.lockApiKey(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }

  public void unlockApiKey(Context ctx) {
    apiKeys.unlockApiKey(ctx.pathParam("id"));
    http.noContent(ctx, 204);
  }
}
