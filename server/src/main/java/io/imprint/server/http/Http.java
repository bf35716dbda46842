package io.imprint.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.app.resourcegroup.ResourceGroupService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.PageRequest;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.iam.ReadScope;
import io.imprint.server.wire.ApiVersion;
import io.imprint.server.wire.Json;
import io.imprint.server.wire.JsonBody;
import io.imprint.server.wire.Links;
import io.imprint.server.wire.PageTokens;
import io.imprint.server.wire.Query;
import io.imprint.server.wire.Wire;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * What every handler uses to read a request and write a response, so handlers stay a few lines
 * each.
 */
public final class Http {
  static final String VERSION = "imprint.api-version";
  private static final String BODY = "imprint.body";
  private static final Set<String> JSON_TYPES =
      Set.of(
          "application/json",
          "application/merge-patch+json",
          // what Key Protect's clients send to /api/v2/keys
          "application/vnd.ibm.kms.key+json",
          "application/vnd.ibm.kms.key_action+json");

  private final Links links;
  private final PageTokens tokens;
  private final ResourceGroupService groups;
  private final InstantSource clock;
  private final long maxBodyBytes;

  /**
   * @param maxBodyBytes the largest JSON body read, counted on the bytes received whatever the
   *     framing (a chunked body announces no length)
   */
  public Http(
      Links links,
      PageTokens tokens,
      ResourceGroupService groups,
      InstantSource clock,
      long maxBodyBytes) {
    this.links = links;
    this.tokens = tokens;
    this.groups = groups;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Before every {@code /v1} handler: {@code version} and {@code generation} are valid, or the
   * request ends here.
   */
  public void checkVersion(Context ctx) {
    if (isIamPath(ctx.path())) {
      return;
    }
    ApiVersion.checkGeneration(ctx.queryParam("generation"));
    ctx.attribute(
        VERSION,
        ApiVersion.parse(
            ctx.queryParam("version"), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
  }

  /**
   * Whether a request to {@code path} (or to the route template {@code path}) must carry {@code
   * version} and {@code generation}: every {@code /v1} path but IAM's.
   */
  public static boolean takesVersion(String path) {
    return path.startsWith("/v1/") && !isIamPath(path);
  }

  /** IAM's APIs share {@code /v1} with the VPC API but take no {@code version} parameter. */
  private static boolean isIamPath(String path) {
    return path.equals("/v1/policies")
        || path.startsWith("/v1/policies/")
        || path.equals("/v1/serviceids")
        || path.startsWith("/v1/serviceids/")
        || path.equals("/v1/apikeys")
        || path.startsWith("/v1/apikeys/");
  }

  /**
   * Before every handler: each {@code %} in the path and in the query starts a percent-encoded byte
   * ({@code %} and two hex digits), or the request is a 400. Jetty lets some others through ({@code
   * %u0041}, a {@code %} after a {@code ;}) that Javalin cannot decode: in a path parameter it gave
   * a 500, in a query parameter the parameter was dropped as if it had not been sent (both found by
   * the wire fuzz test).
   */
  public static void requireDecodableTarget(Context ctx) {
    requireDecodable("path", ctx.req().getRequestURI());
    requireDecodable("query", ctx.queryString());
  }

  private static void requireDecodable(String part, String text) {
    if (text == null) {
      return;
    }
    for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
      if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
        throw new ApiException(
            ErrorCode.BAD_REQUEST,
            "The request's "
                + part
                + " has a % that does not start a percent-encoded byte ('"
                + text.substring(i, Math.min(text.length(), i + 3))
                + "'): a % is followed by two hex digits, and a % itself is sent as %25.");
      }
    }
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  public Wire wire(Context ctx) {
    ApiVersion version = ctx.attribute(VERSION);
    if (version == null) {
      version = new ApiVersion(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }
    return new Wire(
        links,
        version,
        () -> groups.listResourceGroups(null, ReadScope.all(), PageRequest.all()).items());
  }

  public Query query(Context ctx) {
    return new Query(ctx);
  }

  public PageTokens tokens() {
    return tokens;
  }

  public Links links() {
    return links;
  }

  /**
   * The JSON body, read once: the authorizer may read it before the handler (what a call creates
   * and where is in its body), and a request's body can be read only once.
   */
  public JsonBody body(Context ctx) {
    JsonBody read = ctx.attribute(BODY);
    if (read == null) {
      read = readBody(ctx);
      ctx.attribute(BODY, read);
    }
    return read;
  }

  private JsonBody readBody(Context ctx) {
    var type = ctx.contentType();
    if (type != null) {
      var mediaType = type.split(";", 2)[0].trim().toLowerCase();
      if (!JSON_TYPES.contains(mediaType)) {
        throw new ApiException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "The Content-Type "
                + type
                + " is not supported: send the body as application/json"
                + " (application/merge-patch+json for PATCH).",
            Target.header("Content-Type", type));
      }
    }
    return JsonBody.parse(Json.MAPPER, boundedBody(ctx));
  }

  /**
   * The body, read up to {@code maxBodyBytes}: one byte more is a 413, whether the body came with a
   * Content-Length or chunked (Javalin's own limit looks at Content-Length only). A body that ends
   * before its framing says it does is a 400 (it was a 500 until the wire fuzz test sent one).
   */
  private byte[] boundedBody(Context ctx) {
    try (var in = ctx.bodyInputStream()) {
      var body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (body.length > maxBodyBytes) {
        throw new ApiException(
            ErrorCode.HTTP_REQUEST_SIZE_EXCEEDED,
            "The request body is larger than this server accepts (" + maxBodyBytes + " bytes).");
      }
      return body;
    } catch (IOException e) {
      throw ErrorMapper.unreadBody(e);
    }
  }

  public void json(Context ctx, int status, JsonNode node) {
    byte[] body;
    try {
      // straight to UTF-8 bytes: node.toString() writes chars to a String that Jetty then encodes
      // again
      body = Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a rendered tree cannot fail to serialise", e);
    }
    ctx.status(status).contentType("application/json").result(body);
  }

  public void noContent(Context ctx, int status) {
    ctx.status(status);
  }

  /** IBM's ETag for versioned resources: weak, from the row version. */
  public static String etag(long version) {
    return "W/\"" + version + "\"";
  }

  /**
   * The version an {@code If-Match} header names; null when absent; a value that names no version
   * fails.
   */
  public static Long ifMatch(Context ctx) {
    var header = ctx.header("If-Match");
    if (header == null || header.equals("*")) {
      return null;
    }
    var v = header.trim();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ApiException(
          ErrorCode.PRECONDITION_FAILED,
          "If-Match does not match the resource's current ETag; read it again and retry.",
          Target.header("If-Match", header));
    }
  }
}
