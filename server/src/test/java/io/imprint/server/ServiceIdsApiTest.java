package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IBM's IAM Identity API as a team uses it: a service ID for an application, an API key for it that
 * gets a token, locked (no token, no delete) and unlocked, and the key's secret shown only when it
 * is made.
 */
class ServiceIdsApiTest {
  static TestServer server;
  static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_service_id_gets_an_api_key_that_gets_a_token_until_it_is_locked() {
    var serviceId = createServiceId("billing-exporter", "exports the bills");
    assertThat(serviceId.path("id").asText()).startsWith("ServiceId-");
    assertThat(serviceId.path("iam_id").asText()).isEqualTo("iam-" + serviceId.path("id").asText());
    assertThat(serviceId.path("crn").asText()).contains(":iam-identity::a/");
    assertThat(serviceId.path("locked").asBoolean()).isFalse();

    var created = createApiKey("exporter-key", serviceId.path("iam_id").asText());
    var keyId = created.path("id").asText();
    var secret = created.path("apikey").asText();
    assertThat(secret).hasSize(44);
    assertThat(token(secret).status()).isEqualTo(200);

    assertThat(api.raw("POST", "/v1/apikeys/" + keyId + "/lock", null, null, Map.of()).status())
        .isEqualTo(204);
    assertThat(token(secret).errorCode()).isEqualTo("BXNIM0415E");
    var refused = api.raw("DELETE", "/v1/apikeys/" + keyId, null, null, Map.of());
    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("entity_locked");

    assertThat(api.raw("DELETE", "/v1/apikeys/" + keyId + "/lock", null, null, Map.of()).status())
        .isEqualTo(204);
    assertThat(token(secret).status()).isEqualTo(200);
    assertThat(api.raw("DELETE", "/v1/apikeys/" + keyId, null, null, Map.of()).status())
        .isEqualTo(204);
    assertThat(token(secret).status()).isEqualTo(400);
  }

  @Test
  void an_api_key_s_secret_is_in_its_create_answer_only() {
    var serviceId = createServiceId("secret-keeper", null);
    var iamId = serviceId.path("iam_id").asText();
    var created = createApiKey("only-once", iamId);
    var secret = created.path("apikey").asText();

    var read = get("/v1/apikeys/" + created.path("id").asText());
    var listed = get("/v1/apikeys?iam_id=" + URLEncoder.encode(iamId, StandardCharsets.UTF_8));

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().has("apikey")).isFalse();
    assertThat(read.body().path("iam_id").asText()).isEqualTo(iamId);
    assertThat(listed.body().path("apikeys")).hasSize(1);
    assertThat(listed.raw()).doesNotContain(secret);
    assertThat(get("/v1/apikeys").raw()).doesNotContain(secret);
  }

  @Test
  void a_service_id_is_renamed_with_if_match_and_deleting_it_deletes_its_keys() {
    var serviceId = createServiceId("renamed-later", "v1");
    var id = serviceId.path("id").asText();
    var key = createApiKey("goes-with-it", serviceId.path("iam_id").asText());

    var withoutIfMatch = put("/v1/serviceids/" + id, "{\"name\":\"renamed\"}", Map.of());
    var stale = put("/v1/serviceids/" + id, "{\"name\":\"renamed\"}", Map.of("If-Match", "7"));
    var renamed =
        put(
            "/v1/serviceids/" + id,
            "{\"name\":\"renamed\",\"description\":\"\"}",
            Map.of("If-Match", serviceId.path("entity_tag").asText()));

    assertThat(withoutIfMatch.status()).isEqualTo(400);
    assertThat(withoutIfMatch.errorTarget()).isEqualTo("If-Match");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(renamed.status()).as(renamed.raw()).isEqualTo(200);
    assertThat(renamed.body().path("name").asText()).isEqualTo("renamed");
    assertThat(renamed.body().path("description").asText()).isEmpty();
    assertThat(get("/v1/serviceids?name=renamed").body().path("serviceids")).hasSize(1);

    assertThat(api.raw("DELETE", "/v1/serviceids/" + id, null, null, Map.of()).status())
        .isEqualTo(204);
    assertThat(get("/v1/serviceids/" + id).status()).isEqualTo(404);
    assertThat(get("/v1/apikeys/" + key.path("id").asText()).status()).isEqualTo(404);
    assertThat(token(key.path("apikey").asText()).status()).isEqualTo(400);
  }

  @Test
  void a_locked_service_id_is_neither_changed_nor_deleted_until_unlocked() {
    var id = createServiceId("locked-one", null).path("id").asText();
    api.raw("POST", "/v1/serviceids/" + id + "/lock", null, null, Map.of());

    assertThat(get("/v1/serviceids/" + id).body().path("locked").asBoolean()).isTrue();
    assertThat(api.raw("DELETE", "/v1/serviceids/" + id, null, null, Map.of()).errorCode())
        .isEqualTo("entity_locked");
    assertThat(put("/v1/serviceids/" + id, "{\"name\":\"x\"}", Map.of("If-Match", "*")).status())
        .isEqualTo(409);

    api.raw("DELETE", "/v1/serviceids/" + id + "/lock", null, null, Map.of());
    assertThat(api.raw("DELETE", "/v1/serviceids/" + id, null, null, Map.of()).status())
        .isEqualTo(204);
  }

  @Test
  void lists_page_by_pagesize_and_pagetoken_and_take_no_version() {
    for (var name : new String[] {"page-a", "page-b", "page-c"}) {
      createServiceId(name, null);
    }
    var first = get("/v1/serviceids?pagesize=2");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body().path("serviceids")).hasSize(2);
    var next = first.body().path("next").asText();
    assertThat(next).contains("pagetoken=2");
    var second = api.raw("GET", next, null, null, Map.of());
    assertThat(second.body().path("serviceids").size()).isPositive();
    assertThat(get("/v1/serviceids?pagesize=0").status()).isEqualTo(400);
    assertThat(get("/v1/serviceids?account_id=someone-else").status()).isEqualTo(400);
  }

  @Test
  void a_user_made_by_the_administrator_gets_a_key_of_its_own() {
    var user = api.post("/imprint/v1/users", obj("name", "alice"));
    assertThat(user.status()).as(user.raw()).isEqualTo(201);
    var iamId = user.body().path("iam_id").asText();
    assertThat(iamId).startsWith("IBMid-");
    assertThat(api.post("/imprint/v1/users", obj("name", "alice")).status()).isEqualTo(409);

    var key = createApiKey("alice-laptop", iamId);

    assertThat(token(key.path("apikey").asText()).status()).isEqualTo(200);
    assertThat(api.get("/imprint/v1/users").body().path("resources").toString())
        .contains("alice", "admin");
  }

  @Test
  void an_api_key_for_no_identity_is_refused() {
    var refused =
        api.raw(
            "POST",
            "/v1/apikeys",
            "{\"name\":\"k\",\"iam_id\":\"iam-ServiceId-nothing\"}",
            "application/json",
            Map.of());
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorTarget()).isEqualTo("iam_id");
  }

  @Test
  void deleting_a_service_id_deletes_the_policies_that_name_it() {
    var iamId = createServiceId("short-lived", null).path("iam_id").asText();
    var policy =
        api.post(
            "/v1/policies",
            Map.of(
                "type",
                "access",
                "subjects",
                List.of(Map.of("attributes", List.of(Map.of("name", "iam_id", "value", iamId)))),
                "roles",
                List.of(Map.of("role_id", "crn:v1:bluemix:public:iam::::role:Viewer")),
                "resources",
                List.of(
                    Map.of(
                        "attributes",
                        List.of(
                            Map.of(
                                "name", "accountId", "value", "a1b2c3d4e5f60718293a4b5c6d7e8f90"),
                            Map.of("name", "serviceName", "value", "is"))))));
    assertThat(policy.status()).as(policy.raw()).isEqualTo(201);
    assertThat(get("/v1/policies?iam_id=" + iamId).body().path("policies")).hasSize(1);

    var id = iamId.substring("iam-".length());
    var serviceId = get("/v1/serviceids/" + id);
    assertThat(
            api.raw(
                    "DELETE",
                    "/v1/serviceids/" + id,
                    null,
                    null,
                    Map.of("If-Match", serviceId.body().path("entity_tag").asText()))
                .status())
        .isEqualTo(204);
    assertThat(get("/v1/policies?iam_id=" + iamId).body().path("policies")).isEmpty();
    assertThat(get("/v1/policies/" + policy.body().path("id").asText()).status()).isEqualTo(404);
  }

  static JsonNode createServiceId(String name, String description) {
    var body =
        description == null
            ? "{\"name\":\"" + name + "\"}"
            : "{\"name\":\"" + name + "\",\"description\":\"" + description + "\"}";
    var answer = api.raw("POST", "/v1/serviceids/", body, "application/json", Map.of());
    assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
    return answer.body();
  }

  static JsonNode createApiKey(String name, String iamId) {
    var answer =
        api.raw(
            "POST",
            "/v1/apikeys",
            "{\"name\":\"" + name + "\",\"iam_id\":\"" + iamId + "\"}",
            "application/json",
            Map.of());
    assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
    return answer.body();
  }

  static Api.Response get(String path) {
    return api.raw("GET", path, null, null, Map.of());
  }

  static Api.Response put(String path, String body, Map<String, String> headers) {
    return api.raw("PUT", path, body, "application/json", headers);
  }

  static Api.Response token(String key) {
    return api.raw(
        "POST",
        "/identity/token",
        "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=" + key,
        "application/x-www-form-urlencoded",
        Map.of());
  }
}
