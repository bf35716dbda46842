package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Data volumes: create, list with filters, read with an ETag, patch with If-Match, delete. */
class VolumesApiTest {
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

  static Map<String, Object> volume(String name, int capacity, String zone) {
    return obj(
        "name",
        name,
        "capacity",
        capacity,
        "profile",
        obj("name", "general-purpose"),
        "zone",
        obj("name", zone));
  }

  @Test
  void creating_a_data_volume_returns_it_with_every_required_field() {
    var response =
        api.post(
            "/v1/volumes",
            obj(
                "name",
                "data-one",
                "capacity",
                20,
                "profile",
                obj("name", "10iops-tier"),
                "zone",
                obj("name", "us-south-2"),
                "user_tags",
                List.of("env:test")));
    assertThat(response.status()).as(response.raw()).isEqualTo(201);
    var v = response.body();
    for (var field :
        List.of(
            "active",
            "adjustable_capacity_states",
            "adjustable_iops_states",
            "attachment_state",
            "bandwidth",
            "busy",
            "capacity",
            "created_at",
            "crn",
            "encryption",
            "health_reasons",
            "health_state",
            "href",
            "id",
            "iops",
            "name",
            "profile",
            "resource_group",
            "resource_type",
            "status",
            "status_reasons",
            "user_tags",
            "volume_attachments",
            "zone")) {
      assertThat(v.has(field)).as(field).isTrue();
    }
    assertThat(v.path("capacity").asInt()).isEqualTo(20);
    assertThat(v.path("iops").asInt()).isEqualTo(200);
    assertThat(v.path("encryption").asText()).isEqualTo("provider_managed");
    assertThat(v.path("attachment_state").asText()).isEqualTo("unattached");
    assertThat(v.path("status").asText()).isEqualTo("available");
    assertThat(v.path("crn").asText())
        .contains(":is:us-south-2:")
        .endsWith("::volume:" + v.path("id").asText());
    assertThat(v.at("/user_tags/0").asText()).isEqualTo("env:test");
    assertThat(v.at("/resource_group/name").asText()).isEqualTo("Default");
    assertThat(v.has("operating_system")).isFalse();
    assertThat(response.header("ETag")).isNotBlank();
  }

  @Test
  void a_volume_without_a_name_gets_a_generated_one() {
    var response =
        api.post(
            "/v1/volumes",
            obj(
                "capacity",
                10,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1")));
    assertThat(response.status()).isEqualTo(201);
    assertThat(response.body().path("name").asText()).matches("[a-z]+(-[a-z]+)+");
  }

  @Test
  void bad_volume_requests_change_nothing() {
    int before = api.get("/v1/volumes").body().path("total_count").asInt();
    assertThat(api.post("/v1/volumes", volume("tiny", 5, "us-south-1")).errorCode())
        .isEqualTo("validation_min_value");
    assertThat(api.post("/v1/volumes", volume("huge", 20000, "us-south-1")).errorCode())
        .isEqualTo("validation_max_value");
    var badZone = api.post("/v1/volumes", volume("nowhere", 10, "eu-de-1"));
    assertThat(badZone.status()).isEqualTo(400);
    assertThat(badZone.errorCode()).isEqualTo("not_found");
    assertThat(badZone.errorTarget()).isEqualTo("zone.name");
    var badProfile =
        api.post(
            "/v1/volumes",
            obj("capacity", 10, "profile", obj("name", "gold"), "zone", obj("name", "us-south-1")));
    assertThat(badProfile.errorTarget()).isEqualTo("profile.name");
    assertThat(api.post("/v1/volumes", volume("Bad_Name", 10, "us-south-1")).errorCode())
        .isEqualTo("validation_invalid_name");
    var badGroup =
        api.post(
            "/v1/volumes",
            obj(
                "capacity",
                10,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1"),
                "resource_group",
                obj("id", "0123456789abcdef0123456789abcdef")));
    assertThat(badGroup.errorTarget()).isEqualTo("resource_group.id");
    assertThat(api.get("/v1/volumes").body().path("total_count").asInt()).isEqualTo(before);
  }

  @Test
  void a_name_may_start_with_a_digit_but_not_be_all_digits_as_ibm_allows() {
    assertThat(api.post("/v1/volumes", volume("1-img", 10, "us-south-1")).status()).isEqualTo(201);
    assertThat(api.post("/v1/volumes", volume("1a", 10, "us-south-1")).status()).isEqualTo(201);
    var digits = api.post("/v1/volumes", volume("123", 10, "us-south-1"));
    assertThat(digits.status()).isEqualTo(400);
    assertThat(digits.errorCode()).isEqualTo("validation_invalid_name");
    assertThat(digits.errorTarget()).isEqualTo("name");
  }

  @Test
  void names_are_unique_among_volumes() {
    assertThat(api.post("/v1/volumes", volume("twin", 10, "us-south-1")).status()).isEqualTo(201);
    var second = api.post("/v1/volumes", volume("twin", 10, "us-south-1"));
    assertThat(second.status()).isEqualTo(400);
    assertThat(second.errorCode()).isEqualTo("validation_unique_failed");
  }

  @Test
  void patch_renames_grows_and_retags_and_honours_if_match() {
    var created = api.post("/v1/volumes", volume("patch-me", 10, "us-south-1"));
    var id = created.body().path("id").asText();
    var etag = api.get("/v1/volumes/" + id).header("ETag");
    var stale =
        api.patch("/v1/volumes/" + id, obj("name", "patched"), Map.of("If-Match", "W/\"999\""));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(api.get("/v1/volumes/" + id).body().path("name").asText()).isEqualTo("patch-me");
    var patched =
        api.patch(
            "/v1/volumes/" + id,
            obj("name", "patched", "capacity", 30, "user_tags", List.of("a", "b")),
            Map.of("If-Match", etag));
    assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
    assertThat(patched.body().path("name").asText()).isEqualTo("patched");
    assertThat(patched.body().path("capacity").asInt()).isEqualTo(30);
    assertThat(patched.body().path("user_tags")).hasSize(2);
    assertThat(patched.header("ETag")).isNotEqualTo(etag);
    assertThat(api.patch("/v1/volumes/" + id, obj("capacity", 20)).errorCode())
        .isEqualTo("validation_min_value");
    assertThat(api.patch("/v1/volumes/" + id, obj("name", null)).errorCode())
        .isEqualTo("validation_not_null");
  }

  @Test
  void each_volume_profile_states_the_capacities_and_iops_the_server_accepts() {
    for (var profile : api.get("/v1/volume/profiles").body().path("profiles")) {
      var name = profile.path("name").asText();
      var capacity = profile.path("capacity");
      assertThat(capacity.path("type").asText()).isEqualTo("range");
      int min = capacity.path("min").asInt();
      int max = capacity.path("max").asInt();
      assertThat(createOn(name, "low-" + name, min - 1, null).errorCode())
          .isEqualTo("validation_min_value");
      assertThat(createOn(name, "high-" + name, max + 1, null).errorCode())
          .isEqualTo("validation_max_value");
      var smallest = createOn(name, "min-" + name, min, null).body();
      var largest = createOn(name, "max-" + name, max, null).body();
      assertThat(smallest.path("capacity").asInt()).as(name).isEqualTo(min);
      assertThat(largest.path("capacity").asInt()).as(name).isEqualTo(max);

      var iops = profile.path("iops");
      if (iops.path("type").asText().equals("dependent_range")) {
        assertThat(smallest.path("iops").asInt()).as(name).isEqualTo(iops.path("min").asInt());
        assertThat(largest.path("iops").asInt()).as(name).isEqualTo(iops.path("max").asInt());
        assertThat(createOn(name, "chosen-" + name, min, 1000).errorCode())
            .isEqualTo("invalid_value");
      } else {
        assertThat(iops.path("type").asText()).isEqualTo("range");
        assertThat(smallest.path("iops").asInt()).isEqualTo(iops.path("default").asInt());
        assertThat(createOn(name, "iops-max-" + name, min, iops.path("max").asInt()).status())
            .isEqualTo(201);
        assertThat(createOn(name, "iops-over-" + name, min, iops.path("max").asInt() + 1).status())
            .isEqualTo(400);
        assertThat(createOn(name, "iops-under-" + name, min, iops.path("min").asInt() - 1).status())
            .isEqualTo(400);
      }
      assertThat(smallest.path("storage_generation"))
          .isEqualTo(profile.at("/storage_generation/value"));
      assertThat(smallest.path("adjustable_capacity_states"))
          .isEqualTo(profile.at("/adjustable_capacity_states/values"));
      assertThat(smallest.path("adjustable_iops_states"))
          .isEqualTo(profile.at("/adjustable_iops_states/values"));
    }
    assertThat(api.get("/v1/volume/profiles/sdp").body().at("/storage_generation/value").asInt())
        .isEqualTo(2);
    assertThat(
            api.get("/v1/volume/profiles/general-purpose")
                .body()
                .at("/storage_generation/value")
                .asInt())
        .isEqualTo(1);
  }

  private static Api.Response createOn(String profile, String name, int capacity, Integer iops) {
    var body = obj("name", name, "capacity", capacity, "profile", obj("name", profile));
    body.put("zone", obj("name", "us-south-2"));
    if (iops != null) {
      body.put("iops", iops);
    }
    return api.post("/v1/volumes", body);
  }

  @Test
  void a_boot_volume_grows_to_250_gb_and_an_sdp_one_beyond() {
    var general = bootVolumeOf("grows-to-250", "general-purpose");
    var sdp = bootVolumeOf("grows-beyond", "sdp");

    var tooBig = api.patch("/v1/volumes/" + general, obj("capacity", 251));
    assertThat(tooBig.status()).isEqualTo(400);
    assertThat(tooBig.errorCode()).isEqualTo("validation_max_value");
    assertThat(api.patch("/v1/volumes/" + general, obj("capacity", 250)).status()).isEqualTo(200);
    var grown = api.patch("/v1/volumes/" + sdp, obj("capacity", 32000));
    assertThat(grown.status()).as(grown.raw()).isEqualTo(200);
    assertThat(grown.body().path("capacity").asInt()).isEqualTo(32000);
    assertThat(api.patch("/v1/volumes/" + sdp, obj("capacity", 32001)).errorCode())
        .isEqualTo("validation_max_value");
  }

  /** The boot volume of a new instance of a stock image, on {@code profile}. */
  static String bootVolumeOf(String name, String profile) {
    var subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    var image =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body().at("/images/0/id").asText();
    var instance =
        api.post(
            "/v1/instances",
            obj(
                "name",
                name,
                "zone",
                obj("name", "us-south-1"),
                "image",
                obj("id", image),
                "primary_network_interface",
                obj("subnet", obj("id", subnet)),
                "boot_volume_attachment",
                obj("volume", obj("profile", obj("name", profile)))));
    assertThat(instance.status()).as(instance.raw()).isEqualTo(201);
    return instance.body().at("/boot_volume_attachment/volume/id").asText();
  }

  @Test
  void delete_answers_204_and_the_volume_is_gone() {
    var id =
        api.post("/v1/volumes", volume("short-lived", 10, "us-south-1")).body().path("id").asText();
    assertThat(api.delete("/v1/volumes/" + id, Map.of("If-Match", "W/\"41\"")).status())
        .isEqualTo(412);
    assertThat(api.delete("/v1/volumes/" + id).status()).isEqualTo(204);
    assertThat(api.get("/v1/volumes/" + id).status()).isEqualTo(404);
    assertThat(api.delete("/v1/volumes/" + id).status()).isEqualTo(404);
  }

  @Test
  void list_filters_by_name_zone_and_tag() {
    api.post(
        "/v1/volumes",
        obj(
            "name",
            "filter-east",
            "capacity",
            10,
            "profile",
            obj("name", "general-purpose"),
            "zone",
            obj("name", "us-south-3"),
            "user_tags",
            List.of("team:blue")));
    assertThat(api.get("/v1/volumes?name=filter-east").body().path("volumes")).hasSize(1);
    assertThat(names(api.get("/v1/volumes?zone.name=us-south-3").body().path("volumes")))
        .contains("filter-east");
    assertThat(names(api.get("/v1/volumes?tag=team:blue").body().path("volumes")))
        .containsExactly("filter-east");
    assertThat(api.get("/v1/volumes?attachment_state=attached").body().path("total_count").asInt())
        .isZero();
    assertThat(api.get("/v1/volumes?attachment_state=sideways").errorCode())
        .isEqualTo("validation_enum");
  }

  static List<String> names(JsonNode array) {
    var out = new ArrayList<String>();
    array.forEach(n -> out.add(n.path("name").asText()));
    return out;
  }
}
