package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.domain.image.ImageStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /v3/tags}: IBM's Global Tagging, user tags only. Terraform and the console tag an image or
 * a volume by its CRN after creating it; the tags then select images and volumes ({@code ?tag=}),
 * show as a volume's {@code user_tags}, and go when the resource goes.
 */
class TagsApiTest {
  static TestServer server;
  static Api api;
  static String group;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
    group =
        api.raw("GET", "/v2/resource_groups", null, null, Map.of())
            .body()
            .at("/resources/0/id")
            .asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_user_attaches_tags_to_an_image_by_its_crn_and_lists_them_by_attached_to() {
    var crn = imageCrn("tagged-image");
    var attached = attach(List.of(crn), List.of("env:prod", "team:a"));
    assertThat(attached.status()).isEqualTo(200);
    assertThat(attached.body().at("/results/0/resource_id").asText()).isEqualTo(crn);
    assertThat(attached.body().at("/results/0/is_error").asBoolean()).isFalse();

    var listed = tags("attached_to=" + enc(crn) + "&tag_type=user");
    assertThat(listed.path("total_count").asLong()).isEqualTo(2);
    assertThat(listed.path("offset").asLong()).isZero();
    assertThat(listed.path("limit").asInt()).isEqualTo(100);
    assertThat(names(listed)).containsExactly("env:prod", "team:a");
  }

  @Test
  void a_single_tag_name_is_accepted_and_tags_are_kept_in_lower_case() {
    var crn = imageCrn("single-tag-image");
    var attached =
        api.raw(
            "POST",
            "/v3/tags/attach",
            "{\"resources\":[{\"resource_id\":\"" + crn + "\"}],\"tag_name\":\"Owner:Ops \"}",
            "application/json",
            Map.of());
    assertThat(attached.status()).as(attached.raw()).isEqualTo(200);
    assertThat(names(tags("attached_to=" + enc(crn)))).containsExactly("owner:ops");
  }

  @Test
  void images_filter_by_tag_with_the_total_count_and_paging() {
    var tagged = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      tagged.add(imageCrn("filtered-" + i));
      imageCrn("unfiltered-" + i);
    }
    attach(tagged, List.of("cost:filter-test"));

    var first = api.get("/v1/images?tag=Cost:Filter-Test&limit=2");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body().path("total_count").asInt()).isEqualTo(3);
    assertThat(first.body().path("images")).hasSize(2);
    var next = first.body().at("/next/href").asText();
    var rest = api.get(next.substring(next.indexOf("/v1/")));
    assertThat(rest.body().path("images")).hasSize(1);
    var crns = new ArrayList<String>();
    first.body().path("images").forEach(i -> crns.add(i.path("crn").asText()));
    rest.body().path("images").forEach(i -> crns.add(i.path("crn").asText()));
    assertThat(crns).containsExactlyInAnyOrderElementsOf(tagged);
  }

  @Test
  void detaching_removes_only_the_named_tags() {
    var crn = imageCrn("detach-image");
    attach(List.of(crn), List.of("a", "b", "c"));
    var detached =
        api.raw(
            "POST",
            "/v3/tags/detach?tag_type=user",
            json(
                Map.of(
                    "resources",
                    List.of(Map.of("resource_id", crn)),
                    "tag_names",
                    List.of("a", "c"))),
            "application/json",
            Map.of());
    assertThat(detached.status()).isEqualTo(200);
    assertThat(detached.body().at("/results/0/is_error").asBoolean()).isFalse();
    assertThat(names(tags("attached_to=" + enc(crn)))).containsExactly("b");
  }

  @Test
  void a_bad_tag_name_is_refused_and_nothing_is_attached() {
    var crn = imageCrn("bad-tag-image");
    for (var bad : List.of("semi;colon", "x".repeat(129), " ", "comma,tag")) {
      var refused = attach(List.of(crn), List.of("good", bad));
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.errorCode()).isEqualTo("validation_invalid_name");
      assertThat(refused.errorTarget()).isEqualTo("tag_names");
    }
    assertThat(names(tags("attached_to=" + enc(crn)))).isEmpty();
  }

  @Test
  void an_unknown_or_foreign_crn_is_an_error_of_its_own_while_the_others_are_tagged() {
    var crn = imageCrn("known-image");
    var unknown =
        crn.substring(0, crn.lastIndexOf(':') + 1) + "r006-00000000-0000-0000-0000-000000000000";
    var foreign = crn.replace("a/" + Images.ACCOUNT, "a/0123456789abcdef0123456789abcdef");
    var stock =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1")
            .body()
            .at("/images/0/crn")
            .asText();
    var results = attach(List.of(unknown, crn, foreign, stock, "not-a-crn"), List.of("mixed"));
    assertThat(results.status()).isEqualTo(200);
    var errors = new ArrayList<Boolean>();
    results.body().path("results").forEach(r -> errors.add(r.path("is_error").asBoolean()));
    assertThat(errors).containsExactly(true, false, true, true, true);
    assertThat(results.body().at("/results/0/message").asText()).contains("not found");
    assertThat(names(tags("attached_to=" + enc(crn)))).containsExactly("mixed");
    assertThat(tags("attached_to=" + enc(unknown)).path("total_count").asInt()).isZero();
  }

  @Test
  void access_and_service_tags_are_not_served() {
    var crn = imageCrn("access-tag-image");
    for (var type : List.of("access", "service")) {
      var refused =
          api.raw(
              "POST",
              "/v3/tags/attach?tag_type=" + type,
              json(
                  Map.of(
                      "resources",
                      List.of(Map.of("resource_id", crn)),
                      "tag_names",
                      List.of("x:y"))),
              "application/json",
              Map.of());
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.errorTarget()).isEqualTo("tag_type");
      assertThat(api.raw("GET", "/v3/tags?tag_type=" + type, null, null, Map.of()).status())
          .isEqualTo(400);
    }
  }

  @Test
  void an_attach_without_resources_or_tags_is_refused() {
    var crn = imageCrn("empty-attach-image");
    assertThat(attach(List.of(), List.of("x")).errorCode()).isEqualTo("validation_required_field");
    assertThat(attach(List.of(crn), List.of()).errorCode()).isEqualTo("validation_required_field");
  }

  @Test
  void deleting_an_image_removes_its_tags() {
    var crn = imageCrn("short-lived-image");
    attach(List.of(crn), List.of("gone-with-the-image"));
    var id = crn.substring(crn.lastIndexOf(':') + 1);
    assertThat(api.delete("/v1/images/" + id).status()).isEqualTo(202);
    assertThat(tags("attached_to=" + enc(crn)).path("total_count").asInt()).isZero();
    assertThat(names(tags("limit=1000"))).doesNotContain("gone-with-the-image");
  }

  @Test
  void a_tag_change_is_an_event_about_the_tagged_resource() {
    var crn = imageCrn("audited-tags-image");
    attach(List.of(crn), List.of("audit:yes"));
    var events =
        api.raw(
                "GET",
                "/imprint/v1/events?target.crn=" + enc(crn) + "&action=global-search-tagging.*",
                null,
                null,
                Map.of())
            .body()
            .path("events");
    assertThat(events).hasSize(1);
    var event = events.get(0);
    assertThat(event.path("action").asText()).isEqualTo("global-search-tagging.tag.attach");
    assertThat(event.path("outcome").asText()).isEqualTo("success");
    assertThat(event.at("/target/name").asText()).isEqualTo("audited-tags-image");
    assertThat(event.at("/responseData/tagNames").asText()).isEqualTo("audit:yes");
  }

  @Test
  void a_volumes_user_tags_are_its_global_tags() {
    var volume =
        api.post(
                "/v1/volumes",
                obj(
                    "name",
                    "tagged-volume",
                    "profile",
                    obj("name", "general-purpose"),
                    "zone",
                    obj("name", "us-south-1"),
                    "capacity",
                    10,
                    "user_tags",
                    List.of("Made:At-Create")))
            .body();
    var crn = volume.path("crn").asText();
    var id = volume.path("id").asText();
    assertThat(names(tags("attached_to=" + enc(crn)))).containsExactly("made:at-create");

    attach(List.of(crn), List.of("added:later"));
    var read = api.get("/v1/volumes/" + id).body();
    assertThat(read.path("user_tags").toString()).isEqualTo("[\"added:later\",\"made:at-create\"]");
    assertThat(api.get("/v1/volumes?tag=added:later").body().path("total_count").asInt())
        .isEqualTo(1);

    var etag = api.get("/v1/volumes/" + id).header("ETag");
    api.patch(
        "/v1/volumes/" + id, obj("user_tags", List.of("only:this")), Map.of("If-Match", etag));
    assertThat(names(tags("attached_to=" + enc(crn)))).containsExactly("only:this");

    assertThat(api.delete("/v1/volumes/" + id).status()).isEqualTo(204);
    assertThat(names(tags("limit=1000"))).doesNotContain("only:this");
  }

  @Test
  void the_accounts_tags_are_listed_by_name_with_offset_and_limit() {
    attach(List.of(imageCrn("listing-image")), List.of("zz-list:1", "zz-list:2", "zz-list:3"));
    var all = tags("limit=1000");
    var total = all.path("total_count").asInt();
    assertThat(names(all)).contains("zz-list:1", "zz-list:2", "zz-list:3").isSorted();
    var last = tags("offset=" + (total - 2) + "&limit=1");
    assertThat(names(last)).containsExactly("zz-list:2");
    assertThat(api.raw("GET", "/v3/tags?limit=0", null, null, Map.of()).status()).isEqualTo(400);
    assertThat(api.raw("GET", "/v3/tags?offset=-1", null, null, Map.of()).status()).isEqualTo(400);
  }

  /** A new custom image of the account; its CRN. */
  private static String imageCrn(String name) {
    var image = Images.custom(name, ImageStatus.AVAILABLE, group);
    Images.insert(server.server().store(), List.of(image));
    return api.get("/v1/images/" + image.id()).body().path("crn").asText();
  }

  private static Api.Response attach(List<String> crns, List<String> names) {
    var resources = crns.stream().map(c -> Map.of("resource_id", c)).toList();
    return api.raw(
        "POST",
        "/v3/tags/attach?tag_type=user",
        json(Map.of("resources", resources, "tag_names", names)),
        "application/json",
        Map.of());
  }

  private static JsonNode tags(String query) {
    var response = api.raw("GET", "/v3/tags?" + query, null, null, Map.of());
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.body();
  }

  private static List<String> names(JsonNode page) {
    var names = new ArrayList<String>();
    page.path("items").forEach(i -> names.add(i.path("name").asText()));
    return names;
  }

  private static String json(Object body) {
    try {
      return Api.JSON.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
