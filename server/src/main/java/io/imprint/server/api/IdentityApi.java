package io.imprint.server.api;

import io.imprint.core.app.iam.ApiKeySecrets;
import io.imprint.core.app.iam.IamService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.server.http.ErrorMapper;
import io.imprint.server.http.Http;
import io.imprint.server.iam.TokenThrottle;
import io.imprint.server.iam.Tokens;
import io.imprint.server.wire.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * IAM's token endpoint as IBM's SDKs and CLI call it ({@code POST /identity/token}, a form body
 * with {@code grant_type=urn:ibm:params:oauth:grant-type:apikey} and {@code apikey}) and its public
 * keys ({@code GET /identity/keys}, a JWKS). Anyone may call both. A refresh token ({@code
 * grant_type=refresh_token}) gives a new access token while its API key stays valid; repeated
 * failures are throttled ({@link TokenThrottle}).
 */
public final class IdentityApi {
  static final String APIKEY_GRANT = "urn:ibm:params:oauth:grant-type:apikey";
  static final String REFRESH_GRANT = "refresh_token";
  private static final int MAX_FORM_BYTES = 64 * 1024;

  private final Http http;
  private final IamService iam;
  private final Tokens tokens;
  private final String accountId;
  private final Duration ttl;
  private final Runnable awaitBootstrap;
  private final TokenThrottle throttle;

  /**
   * @param awaitBootstrap returns once the first start's administrator exists (made beside the rest
   *     of the start)
   */
  public IdentityApi(
      Http http,
      IamService iam,
      Tokens tokens,
      String accountId,
      Duration ttl,
      Runnable awaitBootstrap,
      TokenThrottle throttle) {
    this.http = http;
    this.iam = iam;
    this.tokens = tokens;
    this.accountId = accountId;
    this.ttl = ttl;
    this.awaitBootstrap = awaitBootstrap;
    this.throttle = throttle;
  }

  public void createToken(Context ctx) {
    var type = ctx.contentType() == null ? "" : ctx.contentType().split(";", 2)[0].trim();
    if (!type.equalsIgnoreCase("application/x-www-form-urlencoded")) {
      throw new ApiException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Send the token request as application/x-www-form-urlencoded.",
          Target.header("Content-Type", ctx.contentType()));
    }
    var form = form(ctx);
    var grant = form.get("grant_type");
    awaitBootstrap.run();
    var identity =
        switch (grant == null ? "" : grant) {
          case APIKEY_GRANT -> signIn(ctx, form.get("apikey"));
          case REFRESH_GRANT -> refresh(ctx, form.get("refresh_token"));
          default ->
              throw ApiException.invalid(
                  ErrorCode.INVALID_VALUE,
                  "grant_type",
                  grant,
                  "grant_type must be " + APIKEY_GRANT + " or " + REFRESH_GRANT + ".");
        };
    var issued = tokens.issue(identity.identity().iamId(), accountId, ttl);
    var body = Json.MAPPER.createObjectNode();
    body.put("access_token", issued.token());
    body.put(
        "refresh_token",
        tokens.issueRefresh(identity.identity().iamId(), accountId, identity.apiKeyId()).token());
    body.put("token_type", "Bearer");
    body.put("expires_in", ttl.toSeconds());
    body.put("expiration", issued.expiresAt().getEpochSecond());
    body.put("scope", "ibm openid");
    http.json(ctx, 200, body);
  }

  private IamService.SignedIn signIn(Context ctx, String apikey) {
    if (apikey == null || apikey.isBlank()) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD, "apikey is required.", Target.field("apikey"));
    }
    var throttled = throttle.admit(ctx.ip(), ApiKeySecrets.lookup(apikey));
    var signedIn = iam.signIn(apikey);
    if (signedIn.isEmpty()) {
      throttle.failed(throttled);
      throw new ApiException(ErrorCode.API_KEY_NOT_FOUND, "Provided API key could not be found.");
    }
    return signedIn.get();
  }

  /** A refresh: the token must be one of ours, of the refresh kind, and its API key still valid. */
  private IamService.SignedIn refresh(Context ctx, String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank()) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "refresh_token is required.",
          Target.field("refresh_token"));
    }
    var throttled = throttle.admit(ctx.ip(), null);
    if (tokens.verify(refreshToken) instanceof Tokens.Verdict.Valid valid
        && valid.claims().isRefresh()) {
      var keyId = valid.claims().refreshOf();
      var identity = iam.stillSignedIn(keyId).filter(i -> i.iamId().equals(valid.claims().iamId()));
      if (identity.isPresent()) {
        return new IamService.SignedIn(identity.get(), keyId);
      }
    }
    throttle.failed(throttled);
    throw new ApiException(
        ErrorCode.REFRESH_TOKEN_INVALID,
        "The refresh token is not valid (expired, not issued here, or its API key was locked or"
            + " deleted); ask for a token with the API key again.");
  }

  /**
   * The form body, read here rather than by Javalin: a body cut short (a broken chunk) made
   * Javalin's form reading answer an empty 500 (found by the wire fuzz test); here it is a 400 like
   * any unreadable body. The first value of a repeated field counts.
   */
  private static Map<String, String> form(Context ctx) {
    byte[] bytes;
    try (var in = ctx.bodyInputStream()) {
      bytes = in.readNBytes(MAX_FORM_BYTES + 1);
    } catch (IOException e) {
      throw ErrorMapper.unreadBody(e);
    }
    if (bytes.length > MAX_FORM_BYTES) {
      throw new ApiException(
          ErrorCode.HTTP_REQUEST_SIZE_EXCEEDED, "A token request's form is at most 64 KiB.");
    }
    var form = new HashMap<String, String>();
    for (var pair : new String(bytes, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        form.putIfAbsent(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new ApiException(
            ErrorCode.BAD_REQUEST, "The token request's form is not valid URL encoding.");
      }
    }
    return form;
  }

  public void getKeys(Context ctx) {
    ctx.contentType("application/json").result(tokens.publicKeys());
  }
}
