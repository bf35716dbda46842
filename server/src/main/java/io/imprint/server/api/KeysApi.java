package io.imprint.server.api;

import io.imprint.core.app.kms.KeyService;
import io.imprint.core.app.kms.KeyWrapService;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.server.http.Http;
import io.imprint.server.wire.JsonBody;
import io.imprint.server.wire.KeyJson;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /api/v2/keys}, Key Protect's root keys with its paths, headers and bodies: every call
 * names its instance in {@code bluemix-instance}; collections are {@code {metadata, resources}};
 * binary values are base64. Errors keep Imprint's one body (docs/keys.md).
 */
public final class KeysApi {
  private static final String INSTANCE = "bluemix-instance";
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final int DEFAULT_LIMIT = 200;
  private static final int MAX_LIMIT = 5000;

  private final Http http;
  private final KeyService keys;
  private final KeyWrapService wrapping;

  public KeysApi(Http http, KeyService keys) {
    this.http = http;
    this.keys = keys;
    this.wrapping = keys.wrapping();
  }

  public void listKeys(Context ctx) {
    var limit = (int) IamRequests.number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    var page = keys.listKeys(instance(ctx), IamRequests.offset(ctx), limit);
    http.json(ctx, 200, KeyJson.keys(page.keys()));
  }

  /** A root key from {@code resources[0]}: generated, or imported from its {@code payload}. */
  public void createKey(Context ctx) {
    var instance = instance(ctx);
    var resources = http.body(ctx).objects("resources");
    if (resources == null || resources.size() != 1) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "resources",
          null,
          "Send one key to create in resources: [{\"name\": …, \"extractable\": false}].");
    }
    var resource = resources.getFirst();
    if (Boolean.TRUE.equals(resource.bool("extractable"))) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "resources[0].extractable",
          true,
          "Only root keys (extractable: false) are served; standard keys are not.");
    }
    var created =
        keys.createKey(
            instance,
            resource.string("name"),
            resource.string("description"),
            base64(resource, "payload"));
    http.json(ctx, 201, KeyJson.keys(List.of(created)));
  }

  public void getKey(Context ctx) {
    http.json(ctx, 200, KeyJson.keys(List.of(keys.getKey(instance(ctx), id(ctx)))));
  }

  /**
   * Destroys the key (204; 200 with the key under {@code Prefer: return=representation}); a key
   * that protects resources only with {@code force=true}.
   */
  public void deleteKey(Context ctx) {
    var force = "true".equalsIgnoreCase(ctx.queryParam("force"));
    var deleted = keys.deleteKey(instance(ctx), id(ctx), force);
    if ("return=representation".equalsIgnoreCase(ctx.header("Prefer"))) {
      http.json(ctx, 200, KeyJson.keys(List.of(deleted)));
    } else {
      http.noContent(ctx, 204);
    }
  }

  public void listRegistrations(Context ctx) {
    var key = keys.getKey(instance(ctx), id(ctx));
    var registrations = keys.registrations().listRegistrations(instance(ctx), id(ctx));
    http.json(ctx, 200, KeyJson.registrations(key.crn(), registrations));
  }

  public void wrapKey(Context ctx) {
    var body = http.body(ctx);
    var wrapped = wrapping.wrapKey(instance(ctx), id(ctx), base64(body, "plaintext"), aad(body));
    http.json(ctx, 200, KeyJson.wrapped(wrapped));
  }

  public void unwrapKey(Context ctx) {
    var body = http.body(ctx);
    var unwrapped = wrapping.unwrapKey(instance(ctx), id(ctx), ciphertext(body), aad(body));
    http.json(ctx, 200, KeyJson.unwrapped(unwrapped));
  }

  public void rewrapKey(Context ctx) {
    var body = http.body(ctx);
    var wrapped = wrapping.rewrapKey(instance(ctx), id(ctx), ciphertext(body), aad(body));
    http.json(ctx, 200, KeyJson.wrapped(wrapped));
  }

  public void disableKey(Context ctx) {
    keys.disableKey(instance(ctx), id(ctx));
    http.noContent(ctx, 204);
  }

  public void enableKey(Context ctx) {
    keys.enableKey(instance(ctx), id(ctx));
    http.noContent(ctx, 204);
  }

  /** A new version (204); an imported key takes its new material as {@code payload}. */
  public void rotateKey(Context ctx) {
    var payload = hasBody(ctx) ? base64(http.body(ctx), "payload") : null;
    keys.rotateKey(instance(ctx), id(ctx), payload);
    http.noContent(ctx, 204);
  }

  /** The Key Protect instance, from {@code bluemix-instance}: required, a GUID. */
  private static String instance(Context ctx) {
    var value = ctx.header(INSTANCE);
    if (value == null || value.isBlank()) {
      throw new ApiException(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "The bluemix-instance header is required: the GUID of the Key Protect instance.",
          Target.header(INSTANCE, null));
    }
    var trimmed = value.trim();
    if (!UUID.matcher(trimmed).matches()) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "The bluemix-instance header is not an instance GUID.",
          Target.header(INSTANCE, value));
    }
    return trimmed.toLowerCase();
  }

  private static String id(Context ctx) {
    return ctx.pathParam("id");
  }

  private static boolean hasBody(Context ctx) {
    var length = ctx.req().getContentLengthLong();
    return length > 0 || (length < 0 && ctx.header("Transfer-Encoding") != null);
  }

  private static byte[] ciphertext(JsonBody body) {
    var ciphertext = base64(body, "ciphertext");
    if (ciphertext == null) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_REQUIRED_FIELD, "ciphertext", null, "ciphertext is required.");
    }
    return ciphertext;
  }

  private static List<String> aad(JsonBody body) {
    var aad = body.strings("aad");
    return aad == null ? List.of() : aad;
  }

  private static byte[] base64(JsonBody body, String field) {
    var text = body.string(field);
    if (text == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE, field, null, field + " is not base64: " + e.getMessage());
    }
  }
}
