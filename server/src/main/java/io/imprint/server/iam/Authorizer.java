package io.imprint.server.iam;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.imprint.core.app.common.CallContext;
import io.imprint.core.app.iam.AccessService;
import io.imprint.core.app.iam.AccessService.Caller;
import io.imprint.core.app.iam.Placements;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.iam.AccessTarget;
import io.imprint.core.domain.iam.Grants;
import io.imprint.core.domain.iam.ReadScope;
import io.imprint.server.http.Http;
import io.imprint.server.http.Route;
import io.imprint.server.wire.JsonBody;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one place that decides whether an API call may go on: it authenticates the caller by its
 * Bearer token (401 otherwise), then asks the caller's policies about every action the call needs
 * on what it acts on (403 {@code not_authorized}, naming the action, otherwise). A list goes on
 * whenever the caller may list anything of its type, and shows only that ({@link #readScope}).
 */
public final class Authorizer {
  private static final String SCOPE = "imprint.read-scope";
  private static final String GRANTS = "imprint.grants";

  /** Verified tokens kept, so that a token's signature is checked once, not on every call. */
  private static final int VERIFIED_TOKENS = 4_096;

  /** One action the call needs, on one target. */
  record Check(String action, AccessTarget target) {}

  private final boolean enabled;
  private final Tokens tokens;
  private final AccessService access;
  private final Placements placements;
  private final Http http;
  private final Supplier<String> defaultResourceGroup;
  private final InstantSource realTime;
  private final Cache<String, Tokens.Claims> verified =
      Caffeine.newBuilder().maximumSize(VERIFIED_TOKENS).build();

  public Authorizer(
      boolean enabled,
      Tokens tokens,
      AccessService access,
      Placements placements,
      Http http,
      Supplier<String> defaultResourceGroup,
      InstantSource realTime) {
    this.enabled = enabled;
    this.tokens = tokens;
    this.access = access;
    this.placements = placements;
    this.http = http;
    this.defaultResourceGroup = defaultResourceGroup;
    this.realTime = realTime;
  }

  /** {@code route}'s handler, behind this gate. */
  public Handler guard(Route route) {
    var rule = AccessRules.of(route);
    if (rule.kind() == AccessRules.Kind.PUBLIC || !enabled) {
      return route.handler();
    }
    return ctx -> {
      authorize(ctx, route, rule);
      route.handler().handle(ctx);
    };
  }

  /** What the list a handler serves may show: all of it, unless the caller's policies narrow it. */
  public static ReadScope readScope(Context ctx) {
    ReadScope scope = ctx.attribute(SCOPE);
    return scope == null ? ReadScope.all() : scope;
  }

  /**
   * What the caller may see of {@code resourceType} with {@code action}, for a handler that shows
   * resources beyond the one its route names (an image's consumers).
   */
  public static ReadScope readScope(Context ctx, String action, String resourceType) {
    Grants grants = ctx.attribute(GRANTS);
    return grants == null ? ReadScope.all() : grants.readScope(action, resourceType);
  }

  private void authorize(Context ctx, Route route, AccessRules.Rule rule) {
    var caller = authenticate(ctx);
    var identity = caller.identity();
    CallContext.set(
        CallContext.current()
            .by(
                new CallContext.Caller(
                    identity.iamId(), identity.name(), identity.kind().wire(), "apikey")));
    var grants = caller.grants();
    ctx.attribute(GRANTS, grants);
    var action = route.iamAction();
    if (rule.kind() == AccessRules.Kind.LIST) {
      if (!grants.allowsListing(action, rule.type())) {
        throw refused(action, rule.type() + "s");
      }
      ctx.attribute(SCOPE, grants.readScope(action, rule.type()));
      return;
    }
    for (var check : checks(ctx, route, rule)) {
      if (!grants.allows(check.action(), check.target())) {
        throw refused(check.action(), describe(check.target()));
      }
    }
  }

  private Caller authenticate(Context ctx) {
    var header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new ApiException(
          ErrorCode.TOKEN_MISSING,
          "No IAM access token was sent: get one from POST /identity/token with an API key and send"
              + " it as Authorization: Bearer <token>.");
    }
    var parts = header.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
      throw invalid("the Authorization header is not 'Bearer <token>'");
    }
    var token = parts[1];
    var claims = verified.getIfPresent(token);
    if (claims == null) {
      switch (tokens.verify(token)) {
        case Tokens.Verdict.Valid valid -> {
          claims = valid.claims();
          if (claims.isRefresh()) {
            throw invalid(
                "it is a refresh token; send it to POST /identity/token for an access token");
          }
          verified.put(token, claims);
        }
        case Tokens.Verdict.Refused refused -> throw invalid(reason(refused.refusal()));
      }
    } else if (!claims.expiresAt().isAfter(realTime.instant())) {
      verified.invalidate(token);
      throw invalid(reason(Tokens.Refusal.EXPIRED));
    }
    return access
        .callerOf(claims.iamId())
        .orElseThrow(() -> invalid("the identity it was issued to no longer exists"));
  }

  /** The actions a call needs and on what: the route's own, and those its body adds. */
  private List<Check> checks(Context ctx, Route route, AccessRules.Rule rule) {
    var action = route.iamAction();
    var checks = new ArrayList<Check>();
    switch (rule.kind()) {
      case ACCOUNT -> checks.add(new Check(action, AccessTarget.account()));
      case ANYWHERE -> {
        checks.add(new Check(action, AccessTarget.anywhere()));
        if (action.startsWith("global-search-tagging.")) {
          CompoundRules.addForTags(
              action,
              action.endsWith(".read") ? null : http.body(ctx),
              ctx.queryParam("attached_to"),
              checks,
              this);
        }
      }
      case CREATE -> {
        var body = http.body(ctx);
        var group = resourceGroupOf(body);
        var target = AccessTarget.newResource(rule.type(), group);
        checks.add(new Check(action, target));
        CompoundRules.addForCreate(rule.type(), body, group, target, checks, this);
      }
      case RESOURCE -> {
        var target = located(rule.type(), ctx.pathParam(rule.parameter()), isRead(action));
        checks.add(new Check(action, target));
        if (route.method().name().equals("PATCH") && rule.type().equals("image")) {
          CompoundRules.addForImagePatch(http.body(ctx), target, checks);
        }
        if (action.equals("is.instance.volume-attachment.create")) {
          CompoundRules.addForAttachment(http.body(ctx), checks, this);
        }
      }
      default -> throw new IllegalStateException("no checks for " + rule.kind());
    }
    return checks;
  }

  /**
   * The target a path or a body names. A public image reads like the catalog it is; a resource that
   * does not exist is checked as one of no group, so that a caller who may read that type anywhere
   * learns it is missing (404) and others are refused as for any other.
   */
  AccessTarget located(String type, String id, boolean read) {
    if (type.equals("resource-group")) {
      return AccessTarget.resourceGroup(id);
    }
    var placement = placements.locate(type, id);
    if (placement.isEmpty()) {
      return read ? AccessTarget.anywhere() : AccessTarget.resource(type, id, null);
    }
    if (placement.get().isPublic() && read) {
      return AccessTarget.anywhere();
    }
    return AccessTarget.resource(type, id, placement.get().resourceGroupId());
  }

  Placements placements() {
    return placements;
  }

  /**
   * The group a create names by {@code resource_group} ({@code id}, {@code crn} or {@code href}, as
   * the handlers accept), or the default group. A reference the handler will refuse is checked as
   * the default group: the call ends in that 400 either way.
   */
  private String resourceGroupOf(JsonBody body) {
    try {
      var group = body.object("resource_group");
      return group == null
          ? defaultResourceGroup.get()
          : group.identity("resource-group", "resource_groups");
    } catch (ApiException e) {
      return defaultResourceGroup.get();
    }
  }

  private static boolean isRead(String action) {
    var verb = action.substring(action.lastIndexOf('.') + 1);
    return verb.equals("read") || verb.equals("list") || verb.equals("retrieve");
  }

  private static String describe(AccessTarget target) {
    return switch (target.kind()) {
      case ANYWHERE, ACCOUNT -> "the account";
      case RESOURCE_GROUP -> "resource group " + target.resourceGroupId();
      case IN_GROUP ->
          target.resourceId() == null
              ? "a new " + target.resourceType() + " in resource group " + target.resourceGroupId()
              : target.resourceType() + " " + target.resourceId();
    };
  }

  private static ApiException refused(String action, String what) {
    return new ApiException(
        ErrorCode.NOT_AUTHORIZED,
        "You are not authorized to perform " + action + " on " + what + ".");
  }

  private static ApiException invalid(String why) {
    return new ApiException(
        ErrorCode.TOKEN_INVALID, "The IAM access token is refused: " + why + ".");
  }

  private static String reason(Tokens.Refusal refusal) {
    return switch (refusal) {
      case MISSING -> "it is empty";
      case MALFORMED -> "it is not a signed JWT";
      case WRONG_ALGORITHM -> "it is not signed with RS256";
      case UNKNOWN_KEY -> "its kid names no key of GET /identity/keys";
      case BAD_SIGNATURE -> "its signature does not verify";
      case EXPIRED -> "it has expired; get a new one from POST /identity/token";
      case NOT_YET_VALID -> "it is not valid yet";
      case WRONG_ISSUER -> "it was not issued by this server";
      case MISSING_CLAIMS -> "it lacks iam_id, exp or iat";
    };
  }
}
