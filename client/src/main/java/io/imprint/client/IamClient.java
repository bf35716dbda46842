package io.imprint.client;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.imprint.client.ImprintClient.Verb;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * IAM's management APIs as IBM's platform SDKs call them: IAM Identity ({@code /v1/serviceids},
 * {@code /v1/apikeys}), IAM Access Groups ({@code /v2/groups}) and IAM Policy Management ({@code
 * /v1/policies}), plus Imprint's users ({@code /imprint/v1/users}). None takes the VPC API's {@code
 * version}. Lists come back whole: every page is followed, by {@code pagetoken} for IAM Identity
 * and by {@code offset} for Access Groups, as each pages.
 */
public final class IamClient {
  private static final int IDENTITY_PAGESIZE = 100;
  private static final int GROUPS_LIMIT = 100;

  private final ImprintClient client;

  IamClient(ImprintClient client) {
    this.client = client;
  }

  // service IDs
  // ---------------------------------------------------------------------------------------------------

  public JsonObject createServiceId(String accountId, String name, String description) {
    var body = new JsonObject();
    addIfSet(body, "account_id", accountId);
    body.addProperty("name", name);
    addIfSet(body, "description", description);
    return post("/v1/serviceids", Map.of(), body);
  }

  /** Every service ID, or those named {@code name} (exactly). */
  public List<JsonObject> listServiceIds(String name) {
    var query = new LinkedHashMap<String, String>();
    if (name != null) {
      query.put("name", name);
    }
    return identityList("/v1/serviceids", "serviceids", query);
  }

  public JsonObject getServiceId(String id) {
    return get("/v1/serviceids/{id}", Map.of("id", id), Map.of());
  }

  public void deleteServiceId(String id) {
    send(Verb.DELETE, "/v1/serviceids/{id}", Map.of("id", id), Map.of(), null);
  }

  public void lockServiceId(String id) {
    send(Verb.POST, "/v1/serviceids/{id}/lock", Map.of("id", id), Map.of(), null);
  }

  public void unlockServiceId(String id) {
    send(Verb.DELETE, "/v1/serviceids/{id}/lock", Map.of("id", id), Map.of(), null);
  }

  // API keys
  // ------------------------------------------------------------------------------------------------------

  /** A key for the identity {@code iamId}; the answer's {@code apikey} is shown this once. */
  public JsonObject createApiKey(String accountId, String iamId, String name, String description) {
    var body = new JsonObject();
    addIfSet(body, "account_id", accountId);
    body.addProperty("iam_id", iamId);
    body.addProperty("name", name);
    addIfSet(body, "description", description);
    return post("/v1/apikeys", Map.of(), body);
  }

  /** The keys of the identity {@code iamId}. */
  public List<JsonObject> listApiKeys(String iamId) {
    return identityList("/v1/apikeys", "apikeys", Map.of("iam_id", iamId));
  }

  public void deleteApiKey(String id) {
    send(Verb.DELETE, "/v1/apikeys/{id}", Map.of("id", id), Map.of(), null);
  }

  public void lockApiKey(String id) {
    send(Verb.POST, "/v1/apikeys/{id}/lock", Map.of("id", id), Map.of(), null);
  }

  public void unlockApiKey(String id) {
    send(Verb.DELETE, "/v1/apikeys/{id}/lock", Map.of("id", id), Map.of(), null);
  }

  // access groups
  // -------------------------------------------------------------------------------------------------

  public JsonObject createAccessGroup(String name, String description) {
    var body = new JsonObject();
    body.addProperty("name", name);
    addIfSet(body, "description", description);
    return post("/v2/groups", Map.of(), body);
  }

  public List<JsonObject> listAccessGroups() {
    return groupsList("/v2/groups", Map.of(), "groups");
  }

  /** {@code force} deletes a group that still has members (IBM's {@code force=true}). */
  public void deleteAccessGroup(String id, boolean force) {
    send(
        Verb.DELETE,
        "/v2/groups/{id}",
        Map.of("id", id),
        force ? Map.of("force", "true") : Map.of(),
        null);
  }

  /** A member to add: {@code type} is {@code user} or {@code service}. */
  public record Member(String iamId, String type) {}

  /**
   * Adds {@code members} (IBM's 207): one result per member, each with its {@code status_code} and,
   * when refused, its own {@code errors}.
   */
  public List<JsonObject> addAccessGroupMembers(String groupId, List<Member> members) {
    var list = new JsonArray();
    for (var member : members) {
      var item = new JsonObject();
      item.addProperty("iam_id", member.iamId());
      item.addProperty("type", member.type());
      list.add(item);
    }
    var body = new JsonObject();
    body.add("members", list);
    var answer = send(Verb.PUT, "/v2/groups/{id}/members", Map.of("id", groupId), Map.of(), body);
    return ImprintClient.members(answer, "members");
  }

  public List<JsonObject> listAccessGroupMembers(String groupId) {
    return groupsList("/v2/groups/{id}/members", Map.of("id", groupId), "members");
  }

  public void removeAccessGroupMember(String groupId, String iamId) {
    send(
        Verb.DELETE,
        "/v2/groups/{id}/members/{iam_id}",
        Map.of("id", groupId, "iam_id", iamId),
        Map.of(),
        null);
  }

  // users (Imprint's extension)
  // ---------------------------------------------------------------------------------------

  public JsonObject createUser(String name) {
    var body = new JsonObject();
    body.addProperty("name", name);
    return post("/imprint/v1/users", Map.of(), body);
  }

  public List<JsonObject> listUsers() {
    return ImprintClient.members(get("/imprint/v1/users", Map.of(), Map.of()), "resources");
  }

  // policies
  // ----------------------------------------------------------------------------------------------------

  /** An IAM Policy Management v1 body: {@code type}, {@code subjects}, {@code roles}, ... */
  public JsonObject createPolicy(JsonObject policy) {
    return post("/v1/policies", Map.of(), policy);
  }

  /** The policies whose subject is the identity {@code iamId}. */
  public List<JsonObject> listPoliciesOfIdentity(String iamId) {
    return ImprintClient.members(
        get("/v1/policies", Map.of(), Map.of("iam_id", iamId)), "policies");
  }

  /** The policies whose subject is the access group {@code groupId}. */
  public List<JsonObject> listPoliciesOfAccessGroup(String groupId) {
    return ImprintClient.members(
        get("/v1/policies", Map.of(), Map.of("access_group_id", groupId)), "policies");
  }

  public JsonObject getPolicy(String id) {
    return get("/v1/policies/{id}", Map.of("id", id), Map.of());
  }

  public void deletePolicy(String id) {
    send(Verb.DELETE, "/v1/policies/{id}", Map.of("id", id), Map.of(), null);
  }

  // plumbing
  // --------------------------------------------------------------------------------------------------------

  /** IAM Identity's pages: {@code pagesize}, then the {@code pagetoken} of each {@code next}. */
  private List<JsonObject> identityList(String path, String member, Map<String, String> filters) {
    var out = new ArrayList<JsonObject>();
    var query = new LinkedHashMap<>(filters);
    query.put("pagesize", Integer.toString(IDENTITY_PAGESIZE));
    while (true) {
      var page = get(path, Map.of(), query);
      out.addAll(ImprintClient.members(page, member));
      var next = page.get("next");
      var token =
          next == null || !next.isJsonPrimitive()
              ? null
              : HttpUrl.get(next.getAsString()).queryParameter("pagetoken");
      if (token == null) {
        return out;
      }
      query.put("pagetoken", token);
    }
  }

  /** Access Groups' pages: {@code limit} and {@code offset} until {@code total_count}. */
  private List<JsonObject> groupsList(
      String path, Map<String, String> pathParameters, String member) {
    var out = new ArrayList<JsonObject>();
    var query = new LinkedHashMap<String, String>();
    query.put("limit", Integer.toString(GROUPS_LIMIT));
    while (true) {
      query.put("offset", Integer.toString(out.size()));
      var page = get(path, pathParameters, query);
      var items = ImprintClient.members(page, member);
      out.addAll(items);
      var total = page.has("total_count") ? page.get("total_count").getAsLong() : out.size();
      if (items.isEmpty() || out.size() >= total) {
        return out;
      }
    }
  }

  private JsonObject get(
      String path, Map<String, String> pathParameters, Map<String, String> query) {
    return send(Verb.GET, path, pathParameters, query, null);
  }

  private JsonObject post(String path, Map<String, String> pathParameters, JsonObject body) {
    return send(Verb.POST, path, pathParameters, Map.of(), body);
  }

  private JsonObject send(
      Verb verb,
      String path,
      Map<String, String> pathParameters,
      Map<String, String> query,
      JsonObject body) {
    return ImprintClient.object(client.call(verb, path, pathParameters, query, body, false));
  }

  private static void addIfSet(JsonObject body, String member, String value) {
    if (value != null) {
      body.addProperty(member, value);
    }
  }
}
