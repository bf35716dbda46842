package io.imprint.client;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.ibm.cloud.sdk.core.http.RequestBuilder;
import com.ibm.cloud.sdk.core.security.Authenticator;
import com.ibm.cloud.sdk.core.security.IamAuthenticator;
import com.ibm.cloud.sdk.core.security.NoAuthAuthenticator;
import com.ibm.cloud.sdk.core.service.BaseService;
import com.ibm.cloud.sdk.core.service.exception.ServiceResponseException;
import com.ibm.cloud.sdk.core.util.ResponseConverterUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * The VPC API as the official SDKs call it: IBM's {@code sdk-core} {@link BaseService} sends every
 * request, with {@code version} and {@code generation=2} in the query, {@code Accept:
 * application/json}, an {@code X-Request-Id}, and {@code application/merge-patch+json} for updates.
 * Resources come back as the API's JSON, unchanged, so the CLI can print exactly what the API said.
 *
 * <p>The service URL is the server's root (e.g. {@code http://127.0.0.1:8080}), not {@code …/v1} as
 * in the official SDK, because Imprint also serves {@code /v2/resource_groups} and its {@code
 * /imprint/v1} extensions there.
 *
 * <p>With an API key, the server is also the IAM token service (as {@code iam.cloud.ibm.com} is
 * IBM's): sdk-core's {@link IamAuthenticator}, pointed at the same root, trades the key for a
 * Bearer token at {@code /identity/token} and sends it on every request. It renews the token by
 * itself: in the background once 80% of its lifetime has passed, and before the request when the
 * token is within 10 seconds of its {@code expiration}, so a command that polls for longer than a
 * token lives (a capture's {@code --wait}) keeps working.
 */
public class ImprintClient extends BaseService {
  /**
   * The API version the client speaks; the date of the reference contract it was written against.
   */
  public static final String DEFAULT_VERSION = "2026-03-24";

  private static final int PAGE_LIMIT = 100;

  private final String version;
  private final Consumer<String> warnings;

  public ImprintClient(String serviceUrl, Authenticator authenticator) {
    this(serviceUrl, authenticator, DEFAULT_VERSION, warning -> {});
  }

  /**
   * A client that authenticates with {@code apikey} at the server's own token endpoint, or sends no
   * credential when {@code apikey} is {@code null}.
   *
   * @throws IllegalArgumentException when sdk-core refuses the key's shape (it must not be wrapped
   *     in quotes or braces)
   */
  public ImprintClient(
      String serviceUrl, String apikey, String version, Consumer<String> warnings) {
    this(serviceUrl, authenticator(serviceUrl, apikey), version, warnings);
  }

  /**
   * {@code warnings} receives every {@code Warning} response header (e.g. an instance made from a
   * deprecated image).
   */
  public ImprintClient(
      String serviceUrl, Authenticator authenticator, String version, Consumer<String> warnings) {
    super("imprint", authenticator);
    setServiceUrl(root(serviceUrl));
    this.version = version;
    this.warnings = warnings;
  }

  /**
   * The authenticator for {@code apikey} at the server whose root is {@code serviceUrl}: sdk-core's
   * {@link IamAuthenticator} with only the IAM URL and the key set, as the official SDKs are used;
   * none when {@code apikey} is {@code null}.
   */
  public static Authenticator authenticator(String serviceUrl, String apikey) {
    if (apikey == null) {
      return new NoAuthAuthenticator();
    }
    return new IamAuthenticator.Builder().apikey(apikey).url(root(serviceUrl)).build();
  }

  private static String root(String serviceUrl) {
    return serviceUrl.endsWith("/") ? serviceUrl.substring(0, serviceUrl.length() - 1) : serviceUrl;
  }

  /**
   * Trades the API key for a token now, so that a wrong key is told apart from a request the API
   * refuses; nothing to do without a key.
   *
   * @throws AuthenticationFailed when the token endpoint refuses the key
   * @throws ServerUnreachable when it cannot be reached
   */
  public void authenticate() {
    if (getAuthenticator() instanceof IamAuthenticator iam) {
      withTokenFailures(iam::getToken);
    }
  }

  /**
   * The claims of the access token the API key is traded for ({@code iam_id}, {@code account.bss},
   * ...), read without checking its signature: the server checks it on every call, and the CLI only
   * wants to know who it acts as, as IBM's CLI shows the account and user it is logged in as.
   * {@code null} without an API key.
   *
   * @throws AuthenticationFailed when the token endpoint refuses the key
   */
  public JsonObject tokenClaims() {
    if (!(getAuthenticator() instanceof IamAuthenticator iam)) {
      return null;
    }
    var token = withTokenFailures(iam::getToken);
    var parts = token.split("\\.");
    if (parts.length < 2) {
      throw new IllegalStateException("the access token is not a JWT");
    }
    var payload = Base64.getUrlDecoder().decode(parts[1]);
    return JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  /** IAM's management APIs (identities, API keys, access groups, users, policies). */
  public IamClient iam() {
    return new IamClient(this);
  }

  /** Key Protect's root keys of the instance {@code instanceId} (a GUID). */
  public KeyProtectClient keyProtect(String instanceId) {
    return new KeyProtectClient(this, instanceId);
  }

  // images
  // ----------------------------------------------------------------------------------------------------------

  public List<JsonObject> listImages(Map<String, String> filters) {
    return listAll("/v1/images", "images", filters);
  }

  public JsonObject getImage(String id) {
    return object(send(Verb.GET, "/v1/images/{id}", id, Map.of(), null));
  }

  public JsonObject createImage(JsonObject prototype) {
    return object(send(Verb.POST, "/v1/images", null, Map.of(), prototype));
  }

  /**
   * A JSON merge patch: a {@code null} member clears that field, an absent one leaves it untouched.
   */
  public JsonObject updateImage(String id, JsonObject patch) {
    return object(send(Verb.PATCH, "/v1/images/{id}", id, Map.of(), patch));
  }

  public void deprecateImage(String id) {
    send(Verb.POST, "/v1/images/{id}/deprecate", id, Map.of(), null);
  }

  public void obsoleteImage(String id) {
    send(Verb.POST, "/v1/images/{id}/obsolete", id, Map.of(), null);
  }

  public void deleteImage(String id) {
    send(Verb.DELETE, "/v1/images/{id}", id, Map.of(), null);
  }

  /** Imprint's extension: the capture's state, bytes done and total, rate and ETA. */
  public JsonObject getImageCapture(String id) {
    return object(send(Verb.GET, "/imprint/v1/images/{id}/capture", id, Map.of(), null));
  }

  // instances
  // -------------------------------------------------------------------------------------------------------

  public List<JsonObject> listInstances(Map<String, String> filters) {
    return listAll("/v1/instances", "instances", filters);
  }

  public JsonObject getInstance(String id) {
    return object(send(Verb.GET, "/v1/instances/{id}", id, Map.of(), null));
  }

  public JsonObject createInstance(JsonObject prototype) {
    return object(send(Verb.POST, "/v1/instances", null, Map.of(), prototype));
  }

  /** {@code type} is {@code start}, {@code stop} or {@code reboot}. */
  public JsonObject createInstanceAction(String id, String type, boolean force) {
    var body = new JsonObject();
    body.addProperty("type", type);
    if (force) {
      body.addProperty("force", true);
    }
    return object(send(Verb.POST, "/v1/instances/{id}/actions", id, Map.of(), body));
  }

  public void deleteInstance(String id) {
    send(Verb.DELETE, "/v1/instances/{id}", id, Map.of(), null);
  }

  // volumes, networks and the catalog
  // -------------------------------------------------------------------------------

  public List<JsonObject> listVolumes(Map<String, String> filters) {
    return listAll("/v1/volumes", "volumes", filters);
  }

  public JsonObject getVolume(String id) {
    return object(send(Verb.GET, "/v1/volumes/{id}", id, Map.of(), null));
  }

  public JsonObject createVolume(JsonObject prototype) {
    return object(send(Verb.POST, "/v1/volumes", null, Map.of(), prototype));
  }

  public List<JsonObject> listVpcs(Map<String, String> filters) {
    return listAll("/v1/vpcs", "vpcs", filters);
  }

  public JsonObject getVpc(String id) {
    return object(send(Verb.GET, "/v1/vpcs/{id}", id, Map.of(), null));
  }

  public List<JsonObject> listSubnets(Map<String, String> filters) {
    return listAll("/v1/subnets", "subnets", filters);
  }

  public JsonObject getSubnet(String id) {
    return object(send(Verb.GET, "/v1/subnets/{id}", id, Map.of(), null));
  }

  public List<JsonObject> listOperatingSystems() {
    return listAll("/v1/operating_systems", "operating_systems", Map.of());
  }

  public List<JsonObject> listInstanceProfiles() {
    return listAll("/v1/instance/profiles", "profiles", Map.of());
  }

  public List<JsonObject> listVolumeProfiles() {
    return listAll("/v1/volume/profiles", "profiles", Map.of());
  }

  /** Resource Manager's API: not versioned like VPC's, and not paginated by {@code start}. */
  public List<JsonObject> listResourceGroups() {
    var page = object(send(Verb.GET, "/v2/resource_groups", null, Map.of(), null, false));
    return members(page, "resources");
  }

  /**
   * Imprint's virtual clock; {@code null} when the server runs on real time (the endpoint is then
   * 404).
   */
  public JsonObject getClock() {
    try {
      return object(send(Verb.GET, "/imprint/v1/clock", null, Map.of(), null));
    } catch (ApiError e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }

  // tags
  // ------------------------------------------------------------------------------------------------------------

  /**
   * Global Tagging's attach ({@code POST /v3/tags/attach?tag_type=user}): its {@code results}, one
   * per CRN, each with {@code is_error}. Not versioned.
   */
  public List<JsonObject> attachTag(List<String> resourceCrns, List<String> tagNames) {
    return tagChange("/v3/tags/attach", resourceCrns, tagNames);
  }

  /** Global Tagging's detach, shaped as {@link #attachTag}. */
  public List<JsonObject> detachTag(List<String> resourceCrns, List<String> tagNames) {
    return tagChange("/v3/tags/detach", resourceCrns, tagNames);
  }

  /**
   * The user tags attached to {@code attachedTo} (a CRN), or every user tag of the account when it
   * is null: every page, by Global Tagging's offset and limit.
   */
  public List<JsonObject> listTags(String attachedTo) {
    var out = new ArrayList<JsonObject>();
    var query = new LinkedHashMap<String, String>();
    query.put("tag_type", "user");
    if (attachedTo != null) {
      query.put("attached_to", attachedTo);
    }
    query.put("limit", "1000");
    while (true) {
      query.put("offset", Integer.toString(out.size()));
      var page = object(send(Verb.GET, "/v3/tags", null, query, null, false));
      var items = members(page, "items");
      out.addAll(items);
      var total = page.has("total_count") ? page.get("total_count").getAsLong() : out.size();
      if (items.isEmpty() || out.size() >= total) {
        return out;
      }
    }
  }

  private List<JsonObject> tagChange(String path, List<String> resourceCrns, List<String> names) {
    var body = new JsonObject();
    var resources = new JsonArray();
    for (var crn : resourceCrns) {
      var resource = new JsonObject();
      resource.addProperty("resource_id", crn);
      resources.add(resource);
    }
    body.add("resources", resources);
    var tags = new JsonArray();
    names.forEach(tags::add);
    body.add("tag_names", tags);
    var result = object(send(Verb.POST, path, null, Map.of("tag_type", "user"), body, false));
    return members(result, "results");
  }

  // plumbing
  // --------------------------------------------------------------------------------------------------------

  enum Verb {
    GET,
    POST,
    PUT,
    PATCH,
    DELETE
  }

  /**
   * Every page of a collection, following {@code next} by its {@code start} token as the SDK's
   * pagers do.
   */
  private List<JsonObject> listAll(String path, String member, Map<String, String> filters) {
    var out = new ArrayList<JsonObject>();
    var query = new LinkedHashMap<>(filters);
    query.put("limit", Integer.toString(PAGE_LIMIT));
    while (true) {
      var page = object(send(Verb.GET, path, null, query, null));
      out.addAll(members(page, member));
      var next = page.getAsJsonObject("next");
      if (next == null || !next.has("href")) {
        return out;
      }
      var start = HttpUrl.get(next.get("href").getAsString()).queryParameter("start");
      if (start == null) {
        return out;
      }
      query.put("start", start);
    }
  }

  static List<JsonObject> members(JsonObject page, String member) {
    var out = new ArrayList<JsonObject>();
    var array = page.getAsJsonArray(member);
    if (array != null) {
      array.forEach(e -> out.add(e.getAsJsonObject()));
    }
    return out;
  }

  private JsonElement send(
      Verb verb, String path, String id, Map<String, String> query, JsonObject body) {
    return send(verb, path, id, query, body, true);
  }

  private JsonElement send(
      Verb verb,
      String path,
      String id,
      Map<String, String> query,
      JsonObject body,
      boolean versioned) {
    return call(verb, path, id == null ? Map.of() : Map.of("id", id), query, body, versioned);
  }

  /** One request; {@code pathParameters} fill the path's {@code {name}}s (encoded by sdk-core). */
  JsonElement call(
      Verb verb,
      String path,
      Map<String, String> pathParameters,
      Map<String, String> query,
      JsonObject body,
      boolean versioned) {
    return call(verb, path, pathParameters, query, Map.of(), body, versioned);
  }

  /** As above, with more request {@code headers} (Key Protect's {@code bluemix-instance}). */
  JsonElement call(
      Verb verb,
      String path,
      Map<String, String> pathParameters,
      Map<String, String> query,
      Map<String, String> headers,
      JsonObject body,
      boolean versioned) {
    HttpUrl url =
        pathParameters.isEmpty()
            ? RequestBuilder.resolveRequestUrl(getServiceUrl(), path)
            : RequestBuilder.resolveRequestUrl(getServiceUrl(), path, pathParameters);
    var builder =
        switch (verb) {
          case GET -> RequestBuilder.get(url);
          case POST -> RequestBuilder.post(url);
          case PUT -> RequestBuilder.put(url);
          case PATCH -> RequestBuilder.patch(url);
          case DELETE -> RequestBuilder.delete(url);
        };
    builder.header("Accept", "application/json", "X-Request-Id", UUID.randomUUID().toString());
    headers.forEach((name, value) -> builder.header(name, value));
    if (versioned) {
      builder.query("version", version, "generation", "2");
    }
    query.forEach((name, value) -> builder.query(name, value));
    if (body != null) {
      builder.bodyContent(
          body.toString(),
          verb == Verb.PATCH ? "application/merge-patch+json" : "application/json");
    }
    // the authenticator fetches or renews the token while the call is made, before it is sent
    var call =
        withTokenFailures(
            () -> createServiceCall(builder.build(), ResponseConverterUtils.getString()));
    try {
      var response = call.execute();
      var warning = response.getHeaders().values("Warning");
      if (warning != null) {
        warning.forEach(warnings);
      }
      var text = response.getResult();
      return text == null || text.isBlank() ? null : JsonParser.parseString(text);
    } catch (ServiceResponseException e) {
      throw ApiError.from(e.getStatusCode(), e.getResponseBody(), e.getMessage());
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException io) {
        throw new ServerUnreachable(getServiceUrl(), io);
      }
      throw e;
    }
  }

  /**
   * Runs {@code step}, which may ask the token endpoint for a token: its refusal is the key's fault
   * ({@link AuthenticationFailed}), and no answer at all is {@link ServerUnreachable}.
   */
  private <T> T withTokenFailures(Supplier<T> step) {
    try {
      return step.get();
    } catch (ServiceResponseException e) {
      var tokenUrl = ((IamAuthenticator) getAuthenticator()).getURL() + "/identity/token";
      throw new AuthenticationFailed(
          tokenUrl, ApiError.from(e.getStatusCode(), e.getResponseBody(), e.getMessage()));
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException io) {
        throw new ServerUnreachable(getServiceUrl(), io);
      }
      throw e;
    }
  }

  static JsonObject object(JsonElement element) {
    return element == null || !element.isJsonObject()
        ? new JsonObject()
        : element.getAsJsonObject();
  }
}
