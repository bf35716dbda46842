package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /imprint/v1/events}: every change a user or Imprint makes is an Activity Tracker event
 * with IBM's CADF fields, listed newest first with filters; nothing changes or deletes one.
 */
class EventsApiTest {
  static final String AGENT = "events-test/1.0";
  static final String ACCOUNT = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  static TestServer server;
  static Api api;
  static String group;
  static String groupCrn;
  static String subnet;
  static String stockImage;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
    var groups = api.raw("GET", "/v2/resource_groups", null, null, Map.of()).body();
    group = groups.at("/resources/0/id").asText();
    groupCrn = groups.at("/resources/0/crn").asText();
    subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    stockImage =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body().at("/images/0/id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void creating_and_deleting_a_vpc_are_events_with_every_cadf_field() {
    var created =
        api.post(
            "/v1/vpcs",
            obj("name", "audited"),
            Map.of("X-Request-Id", "req-audited-create", "User-Agent", AGENT));
    assertThat(created.status()).isEqualTo(201);
    var vpc = created.body();
    var create = events("target.crn=" + enc(vpc.path("crn").asText())).path("events").get(0);

    assertThat(create.path("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(create.path("action").asText()).isEqualTo("is.vpc.vpc.create");
    assertThat(create.path("outcome").asText()).isEqualTo("success");
    assertThat(create.path("eventTime").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\+0000");
    assertThat(create.at("/initiator/id").asText()).isEqualTo(administrator());
    assertThat(create.at("/initiator/name").asText()).isEqualTo("admin");
    assertThat(create.at("/initiator/credential/type").asText()).isEqualTo("apikey");
    assertThat(create.at("/initiator/typeURI").asText()).isEqualTo("service/security/account/user");
    assertThat(create.at("/initiator/host/address").asText()).isEqualTo("127.0.0.1");
    assertThat(create.at("/initiator/host/addressType").asText()).isEqualTo("IPv4");
    assertThat(create.at("/initiator/host/agent").asText()).isEqualTo(AGENT);
    assertThat(create.at("/target/id").asText()).isEqualTo(vpc.path("crn").asText());
    assertThat(create.at("/target/name").asText()).isEqualTo("audited");
    assertThat(create.at("/target/typeURI").asText()).isEqualTo("is.vpc/vpc");
    assertThat(create.at("/target/resourceGroupId").asText()).isEqualTo(groupCrn);
    assertThat(create.at("/reason/reasonCode").asInt()).isEqualTo(201);
    assertThat(create.at("/reason/reasonType").asText()).isEqualTo("Created");
    assertThat(create.at("/reason").has("reasonForFailure")).isFalse();
    assertThat(create.path("severity").asText()).isEqualTo("normal");
    assertThat(create.at("/requestData/requestId").asText()).isEqualTo("req-audited-create");
    assertThat(create.at("/requestData/generation").asText()).isEqualTo("2");
    assertThat(create.at("/responseData/responseURI").asText())
        .isEqualTo("/v1/vpcs/" + vpc.path("id").asText());
    assertThat(create.path("correlationId").asText()).isEqualTo("req-audited-create");
    assertThat(create.path("message").asText())
        .isEqualTo("Virtual Private Cloud: create vpc audited");
    assertThat(create.at("/observer/name").asText()).isEqualTo("ActivityTracker");
    assertThat(create.path("dataEvent").isBoolean()).isTrue();
    assertThat(create.path("dataEvent").asBoolean()).isFalse();

    assertThat(
            api.delete(
                    "/v1/vpcs/" + vpc.path("id").asText(),
                    Map.of("X-Request-Id", "req-audited-delete"))
                .status())
        .isEqualTo(204);
    var both = events("target.crn=" + enc(vpc.path("crn").asText())).path("events");
    assertThat(both).hasSize(2);
    var delete = both.get(0);
    assertThat(delete.path("action").asText()).isEqualTo("is.vpc.vpc.delete");
    assertThat(delete.path("severity").asText()).as("a delete is critical").isEqualTo("critical");
    assertThat(delete.at("/reason/reasonCode").asInt()).isEqualTo(204);
    assertThat(delete.path("correlationId").asText()).isEqualTo("req-audited-delete");
    assertThat(delete.path("id").asText()).isNotEqualTo(create.path("id").asText());
  }

  @Test
  void every_create_update_delete_and_action_on_each_kind_of_resource_is_an_event() {
    var rg = api.post("/v2/resource_groups", obj("name", "audit-team")).body();
    api.patch("/v2/resource_groups/" + rg.path("id").asText(), obj("name", "audit-team-2"));
    api.delete("/v2/resource_groups/" + rg.path("id").asText());
    assertThat(userActions(rg.path("crn").asText()))
        .containsExactly(
            "resource-controller.group.create",
            "resource-controller.group.update",
            "resource-controller.group.delete");

    var vpc = api.post("/v1/vpcs", obj("name", "audit-net")).body();
    var sub =
        api.post(
                "/v1/subnets",
                obj(
                    "name",
                    "audit-sub",
                    "vpc",
                    obj("id", vpc.path("id").asText()),
                    "zone",
                    obj("name", "us-south-2"),
                    "ipv4_cidr_block",
                    "10.250.8.0/24"))
            .body();
    api.delete("/v1/subnets/" + sub.path("id").asText());
    assertThat(sub.path("crn").asText()).contains(":us-south-2:");
    assertThat(userActions(sub.path("crn").asText()))
        .containsExactly("is.subnet.subnet.create", "is.subnet.subnet.delete");

    var volume = dataVolume("audit-data");
    api.patch("/v1/volumes/" + volume.path("id").asText(), obj("capacity", 20));
    var instance =
        api.post(
                "/v1/instances",
                obj(
                    "name",
                    "audit-vm",
                    "zone",
                    obj("name", "us-south-1"),
                    "image",
                    obj("id", stockImage),
                    "primary_network_interface",
                    obj("subnet", obj("id", subnet))))
            .body();
    var id = instance.path("id").asText();
    var bootCrn = api.get("/v1/volumes/" + bootVolume(instance)).body().path("crn").asText();
    api.patch("/v1/instances/" + id, obj("name", "audit-vm-2"));
    api.awaitField("/v1/instances/" + id, "status", "running");
    api.post("/v1/instances/" + id + "/actions", obj("type", "stop", "force", true));
    var attachment =
        api.post(
                "/v1/instances/" + id + "/volume_attachments",
                obj("volume", obj("id", volume.path("id").asText())))
            .body();
    api.delete("/v1/instances/" + id + "/volume_attachments/" + attachment.path("id").asText());
    api.delete("/v1/volumes/" + volume.path("id").asText());
    api.awaitField("/v1/instances/" + id, "status", "stopped");
    api.delete("/v1/instances/" + id);

    assertThat(userActions(volume.path("crn").asText()))
        .containsExactly(
            "is.volume.volume.create", "is.volume.volume.update", "is.volume.volume.delete");
    assertThat(userActions(instance.path("crn").asText()))
        .containsExactly(
            "is.instance.instance.create",
            "is.instance.instance.update",
            "is.instance.instance.stop",
            "is.instance.volume-attachment.create",
            "is.instance.volume-attachment.delete",
            "is.instance.instance.delete");
    var attached =
        events(
                "action=is.instance.volume-attachment.create&target.crn="
                    + enc(instance.path("crn").asText()))
            .at("/events/0/responseData/responseURI")
            .asText();
    assertThat(attached)
        .isEqualTo("/v1/instances/" + id + "/volume_attachments/" + attachment.path("id").asText());
    assertThat(userActions(bootCrn))
        .as("the boot volume comes and goes with its instance")
        .containsExactly("is.volume.volume.create", "is.volume.volume.delete");
    assertThat(
            events("initiator.id=system&target.crn=" + enc(instance.path("crn").asText()))
                .path("events"))
        .as("power settling is the system's")
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.at("/initiator/name").asText()).isEqualTo("power"));
  }

  @Test
  void an_imported_image_is_pending_then_created_by_the_job_then_walks_its_lifecycle()
      throws Exception {
    var file = server.dataDir().resolve("import").resolve("audit.img");
    Files.write(file, new byte[] {1, 2, 3});
    var image =
        api.post(
                "/v1/images",
                obj(
                    "name",
                    "audit-image",
                    "file",
                    obj("href", file.toUri().toString()),
                    "operating_system",
                    obj("name", "debian-12-amd64")))
            .body();
    var id = image.path("id").asText();
    api.awaitField("/v1/images/" + id, "status", "available");
    api.patch("/v1/images/" + id, obj("name", "audit-image-2"));
    api.post("/v1/images/" + id + "/deprecate", null);
    api.post("/v1/images/" + id + "/obsolete", null);
    api.delete("/v1/images/" + id);

    var events = list(events("target.crn=" + enc(image.path("crn").asText())).path("events"));
    assertThat(events.reversed())
        .extracting(
            e ->
                e.path("action").asText()
                    + " "
                    + e.path("outcome").asText()
                    + " "
                    + e.at("/initiator/name").asText()
                    + " "
                    + e.at("/reason/reasonCode").asText())
        .containsExactly(
            "is.image.image.create pending admin 201",
            "is.image.image.create pending job 200",
            "is.image.image.create success job 200",
            "is.image.image.update success admin 200",
            "is.image.image.deprecate success admin 204",
            "is.image.image.obsolete success admin 204",
            "is.image.image.delete success admin 202");
    assertThat(events.get(1).path("message").asText())
        .isEqualTo("Virtual Private Cloud: obsolete image audit-image-2");
    assertThat(events.get(1).at("/responseData/status").asText()).isEqualTo("obsolete");
    assertThat(events.getLast().at("/responseData/statusReason").asText())
        .isEqualTo("image_request_queued");
    assertThat(events.getLast().at("/target/resourceGroupId").asText()).isEqualTo(groupCrn);
  }

  @Test
  void a_change_that_fails_leaves_no_event_of_its_own() {
    int before = events("action=is.volume.volume.create").path("total_count").asInt();
    var request =
        obj(
            "name",
            "never-vm",
            "zone",
            obj("name", "us-south-1"),
            "image",
            obj("id", stockImage),
            "primary_network_interface",
            obj("subnet", obj("id", subnet)),
            "boot_volume_attachment",
            obj("volume", obj("name", "never-boot", "profile", obj("name", "general-purpose"))),
            "volume_attachments",
            List.of(obj("volume", obj("id", "r006-nope"))));
    assertThat(api.post("/v1/instances", request).status()).isEqualTo(400);
    // the instance and its boot volume were written with their events, then rolled back
    assertThat(events("action=is.instance.instance.create&outcome=success").path("events"))
        .noneMatch(e -> e.at("/target/name").asText().equals("never-vm"));
    assertThat(events("action=is.volume.volume.create").path("total_count").asInt())
        .isEqualTo(before);
  }

  @Test
  void events_page_newest_first_and_filters_narrow_them() {
    var since = Instant.now().minusMillis(1);
    var names = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      names.add("paged-" + i);
      api.post("/v1/vpcs", obj("name", "paged-" + i));
    }
    var filter = "action=is.vpc.vpc.create&from=" + enc(since.toString());
    var first = events(filter + "&limit=2");
    assertThat(first.path("total_count").asInt()).isEqualTo(5);
    assertThat(first.path("limit").asInt()).isEqualTo(2);
    var seen = new ArrayList<String>();
    JsonNode page = first;
    while (true) {
      page.path("events").forEach(e -> seen.add(e.at("/target/name").asText()));
      if (!page.has("next")) {
        break;
      }
      page = api.raw("GET", page.at("/next/href").asText(), null, null, Map.of()).body();
    }
    assertThat(seen).containsExactlyElementsOf(names.reversed());

    assertThat(names(events("action=is.vpc.*&from=" + enc(since.toString()))))
        .containsExactlyElementsOf(names.reversed());
    assertThat(names(events("action=is.vpc.vpc.*&outcome=failure&from=" + enc(since.toString()))))
        .isEmpty();
    assertThat(
            names(
                events(
                    "action=is.vpc.vpc.create&initiator.id=system&from=" + enc(since.toString()))))
        .isEmpty();
    assertThat(
            names(
                events(
                    "action=is.vpc.vpc.create&initiator.id="
                        + administrator()
                        + "&from="
                        + enc(since.toString()))))
        .hasSize(5);
    var third = events(filter + "&limit=5").at("/events/2");
    var at = third.at("/target/id").asText();
    assertThat(names(events("target.crn=" + enc(at)))).containsExactly("paged-2");
    assertThat(names(events(filter + "&to=" + enc(Instant.now().plusSeconds(60).toString()))))
        .hasSize(5);
    assertThat(names(events("action=is.vpc.vpc.create&to=" + enc(since.toString()))))
        .doesNotContainAnyElementsOf(names);
  }

  @Test
  void a_refused_request_is_a_failure_event_with_its_status_and_error() {
    var missing =
        api.delete(
            "/v1/volumes/r006-00000000-0000-4000-8000-000000000000",
            Map.of("X-Request-Id", "req-missing"));
    assertThat(missing.status()).isEqualTo(404);
    var event = events("outcome=failure&action=is.volume.volume.delete").at("/events/0");
    assertThat(event.path("correlationId").asText()).isEqualTo("req-missing");
    assertThat(event.at("/reason/reasonCode").asInt()).isEqualTo(404);
    assertThat(event.at("/reason/reasonType").asText()).isEqualTo("Not Found");
    assertThat(event.at("/reason/reasonForFailure").asText()).isEqualTo(missing.errorMessage());
    assertThat(event.at("/responseData/errorCode").asText()).isEqualTo("not_found");
    assertThat(event.at("/target/id").asText())
        .endsWith(":us-south:a/" + ACCOUNT + "::volume:r006-00000000-0000-4000-8000-000000000000");
    assertThat(event.at("/target").has("name")).isFalse();
    assertThat(event.path("severity").asText()).as("a delete").isEqualTo("critical");
    assertThat(event.path("message").asText())
        .isEqualTo("Virtual Private Cloud: delete volume -failure");

    var defaultGroup = api.delete("/v2/resource_groups/" + group);
    assertThat(defaultGroup.status()).isEqualTo(409);
    var conflict = events("outcome=failure&target.crn=" + enc(groupCrn)).at("/events/0");
    assertThat(conflict.path("action").asText()).isEqualTo("resource-controller.group.delete");
    assertThat(conflict.at("/reason/reasonCode").asInt()).isEqualTo(409);
    assertThat(conflict.path("severity").asText()).isEqualTo("warning");
    assertThat(conflict.at("/target/name").asText()).isEqualTo("Default");
    assertThat(conflict.path("message").asText())
        .isEqualTo("Resource Controller: delete group Default -failure");

    var badName = api.post("/v1/vpcs", obj("name", "Not A Valid Name"));
    assertThat(badName.status()).isEqualTo(400);
    var refusedCreate = events("outcome=failure&action=is.vpc.vpc.create").at("/events/0");
    assertThat(refusedCreate.at("/target/id").asText()).endsWith("::vpc:");
    assertThat(refusedCreate.path("severity").asText()).isEqualTo("warning");
    assertThat(refusedCreate.path("message").asText())
        .isEqualTo("Virtual Private Cloud: create vpc -failure");
    assertThat(refusedCreate.at("/initiator/host/address").asText()).isEqualTo("127.0.0.1");
  }

  @Test
  void a_refused_action_on_an_existing_instance_names_it_and_a_refused_read_is_no_event() {
    var instance =
        api.post(
                "/v1/instances",
                obj(
                    "name",
                    "refused-vm",
                    "zone",
                    obj("name", "us-south-1"),
                    "image",
                    obj("id", stockImage),
                    "primary_network_interface",
                    obj("subnet", obj("id", subnet))))
            .body();
    var id = instance.path("id").asText();
    var refused = api.post("/v1/instances/" + id + "/actions", obj("type", "hibernate"));
    assertThat(refused.status()).isEqualTo(400);
    var event =
        events("outcome=failure&target.crn=" + enc(instance.path("crn").asText())).at("/events/0");
    assertThat(event.path("action").asText()).isEqualTo("is.instance.action.create");
    assertThat(event.at("/target/name").asText()).isEqualTo("refused-vm");
    assertThat(event.at("/target/id").asText()).contains(":us-south-1:");
    assertThat(event.at("/target/resourceGroupId").asText()).isEqualTo(groupCrn);

    assertThat(api.get("/v1/images/r006-nope").status()).isEqualTo(404);
    assertThat(events("target.crn=" + enc(crn("image", "r006-nope"))).path("total_count").asInt())
        .isZero();
  }

  @Test
  void a_bad_filter_is_refused_with_an_ibm_error() {
    for (var bad :
        List.of(
            "from=yesterday",
            "to=2026-13-01T00:00:00Z",
            "from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z",
            "outcome=maybe",
            "action=is.*.image",
            "limit=0",
            "start=not-a-token")) {
      var response = api.raw("GET", "/imprint/v1/events?" + bad, null, null, Map.of());
      assertThat(response.status()).as(bad).isEqualTo(400);
      assertThat(response.body().at("/errors/0/code").asText()).as(bad).isNotBlank();
      assertThat(response.body().at("/errors/0/target/type").asText())
          .as(bad)
          .isEqualTo("parameter");
      assertThat(response.body().path("trace").asText()).as(bad).isNotBlank();
    }
  }

  @Test
  void no_api_changes_or_deletes_an_event() {
    for (var method : List.of("POST", "PUT", "PATCH", "DELETE")) {
      var response = api.raw(method, "/imprint/v1/events", "{}", "application/json", Map.of());
      assertThat(response.status()).as(method).isEqualTo(405);
    }
  }

  static JsonNode events(String query) {
    var response = api.raw("GET", "/imprint/v1/events?" + query, null, null, Map.of());
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.body();
  }

  /** The IAM ID of the administrator the tests call as. */
  static String administrator() {
    return server.server().iam().firstAdministrator().orElseThrow();
  }

  /** The actions the administrator did on the target {@code crn}, oldest first. */
  static List<String> userActions(String crn) {
    return list(
            events("initiator.id=" + administrator() + "&target.crn=" + enc(crn)).path("events"))
        .reversed()
        .stream()
        .map(e -> e.path("action").asText())
        .toList();
  }

  static List<String> names(JsonNode page) {
    return list(page.path("events")).stream().map(e -> e.at("/target/name").asText()).toList();
  }

  static List<JsonNode> list(JsonNode array) {
    var out = new ArrayList<JsonNode>();
    array.forEach(out::add);
    return out;
  }

  static JsonNode dataVolume(String name) {
    var body = new HashMap<String, Object>();
    body.put("name", name);
    body.put("capacity", 10);
    body.put("profile", obj("name", "general-purpose"));
    body.put("zone", obj("name", "us-south-1"));
    return api.post("/v1/volumes", body).body();
  }

  static String bootVolume(JsonNode instance) {
    return instance.at("/boot_volume_attachment/volume/id").asText();
  }

  static String crn(String type, String id) {
    return "crn:v1:bluemix:public:is:us-south:a/" + ACCOUNT + "::" + type + ":" + id;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
