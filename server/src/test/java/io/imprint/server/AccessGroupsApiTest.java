package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.port.Tx;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IBM's IAM Access Groups API as a team uses it: a group, a user and a service ID added to it (each
 * answered on its own), listed, removed, and the group deleted.
 */
class AccessGroupsApiTest {
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
  void a_group_gets_a_user_and_a_service_id_and_its_members_know_their_groups() {
    var group = createGroup("developers");
    var groupId = group.body().path("id").asText();
    assertThat(groupId).startsWith("AccessGroupId-");
    assertThat(group.header("etag")).isNotBlank();
    var user =
        api.raw("POST", "/imprint/v1/users", "{\"name\":\"bob\"}", "application/json", Map.of());
    var userId = user.body().path("iam_id").asText();
    var serviceId = createServiceId("ci-runner", null).path("iam_id").asText();

    var added =
        api.raw(
            "PUT",
            "/v2/groups/" + groupId + "/members",
            "{\"members\":[{\"iam_id\":\""
                + userId
                + "\",\"type\":\"user\"},{\"iam_id\":\""
                + serviceId
                + "\",\"type\":\"service\"},{\"iam_id\":\"IBMid-nobody\",\"type\":\"user\"}]}",
            "application/json",
            Map.of());

    assertThat(added.status()).as(added.raw()).isEqualTo(207);
    var results = added.body().path("members");
    assertThat(results.path(0).path("status_code").asInt()).isEqualTo(200);
    assertThat(results.path(1).path("status_code").asInt()).isEqualTo(200);
    assertThat(results.path(2).path("status_code").asInt()).isEqualTo(400);
    assertThat(results.path(2).path("errors").path(0).path("code").asText()).isEqualTo("not_found");
    var members = get("/v2/groups/" + groupId + "/members");
    assertThat(members.body().path("total_count").asInt()).isEqualTo(2);
    assertThat(members.body().path("members").path(0).path("name").asText()).isEqualTo("bob");
    assertThat(members.body().path("members").path(1).path("type").asText()).isEqualTo("service");
    assertThat(server.server().store().read((Tx tx) -> tx.accessGroups().groupsOf(serviceId)))
        .containsExactly(groupId);

    var removed =
        api.raw("DELETE", "/v2/groups/" + groupId + "/members/" + userId, null, null, Map.of());
    assertThat(removed.status()).isEqualTo(204);
    assertThat(server.server().store().read((Tx tx) -> tx.accessGroups().groupsOf(userId)))
        .isEmpty();
    assertThat(
            api.raw("DELETE", "/v2/groups/" + groupId + "/members/" + userId, null, null, Map.of())
                .status())
        .isEqualTo(404);
  }

  @Test
  void a_group_with_members_is_deleted_only_when_forced() {
    var groupId = createGroup("operators").body().path("id").asText();
    var serviceId = createServiceId("pager", null).path("iam_id").asText();
    api.raw(
        "PUT",
        "/v2/groups/" + groupId + "/members",
        "{\"members\":[{\"iam_id\":\"" + serviceId + "\",\"type\":\"service\"}]}",
        "application/json",
        Map.of());

    var refused = api.raw("DELETE", "/v2/groups/" + groupId, null, null, Map.of());
    var forced = api.raw("DELETE", "/v2/groups/" + groupId + "?force=true", null, null, Map.of());

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("access_group_not_empty");
    assertThat(forced.status()).isEqualTo(204);
    assertThat(get("/v2/groups/" + groupId).status()).isEqualTo(404);
    assertThat(server.server().store().read((Tx tx) -> tx.accessGroups().groupsOf(serviceId)))
        .isEmpty();
  }

  @Test
  void a_group_is_renamed_with_its_etag_and_names_are_unique() {
    var group = createGroup("testers");
    var groupId = group.body().path("id").asText();
    assertThat(createGroupAnswer("testers").status()).isEqualTo(409);

    var renamed =
        api.raw(
            "PATCH",
            "/v2/groups/" + groupId,
            "{\"name\":\"quality\",\"description\":\"they test\"}",
            "application/json",
            Map.of("If-Match", group.header("etag")));
    var stale =
        api.raw(
            "PATCH",
            "/v2/groups/" + groupId,
            "{\"name\":\"again\"}",
            "application/json",
            Map.of("If-Match", group.header("etag")));

    assertThat(renamed.status()).as(renamed.raw()).isEqualTo(200);
    assertThat(renamed.body().path("name").asText()).isEqualTo("quality");
    assertThat(stale.status()).isEqualTo(412);
    var list = get("/v2/groups?limit=1");
    assertThat(list.body().path("limit").asInt()).isEqualTo(1);
    assertThat(list.body().path("groups")).hasSize(1);
    assertThat(list.body().path("first").path("href").asText()).contains("/v2/groups?limit=1");
  }

  static Api.Response createGroup(String name) {
    var answer = createGroupAnswer(name);
    assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
    return answer;
  }

  static Api.Response createGroupAnswer(String name) {
    return api.raw(
        "POST", "/v2/groups", "{\"name\":\"" + name + "\"}", "application/json", Map.of());
  }

  static JsonNode createServiceId(String name, String description) {
    var answer =
        api.raw(
            "POST", "/v1/serviceids", "{\"name\":\"" + name + "\"}", "application/json", Map.of());
    assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
    return answer.body();
  }

  static Api.Response get(String path) {
    return api.raw("GET", path, null, null, Map.of());
  }
}
