package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.domain.iam.PolicyResource;
import io.imprint.core.domain.iam.Role;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the image list offers beyond IBM's, under {@code /imprint/v1/images}: a name search, an
 * order, and the counts per status, with the filters, paging and IAM narrowing of {@code
 * /v1/images}.
 */
class ImageListExtensionsApiTest {
  private static final List<ImageStatus> CYCLE =
      List.of(
          ImageStatus.AVAILABLE,
          ImageStatus.DEPRECATED,
          ImageStatus.OBSOLETE,
          ImageStatus.PENDING,
          ImageStatus.FAILED);

  static TestServer server;
  static Api admin;
  static String team;
  static String other;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.api();
    team = admin.post("/v2/resource_groups", obj("name", "team")).body().path("id").asText();
    other = admin.post("/v2/resource_groups", obj("name", "other")).body().path("id").asText();
    var images = new ArrayList<Image>();
    IntStream.range(0, 25)
        .mapToObj(i -> Images.custom(String.format("web-%02d", i), CYCLE.get(i % 5), team))
        .forEach(images::add);
    images.add(Images.custom("db-1", ImageStatus.AVAILABLE, team));
    images.add(Images.custom("web-other-1", ImageStatus.OBSOLETE, other));
    images.add(Images.custom("web-other-2", ImageStatus.UNUSABLE, other));
    images.add(Images.created("dated-b", team, Instant.parse("2026-05-02T00:00:00Z")));
    images.add(Images.created("dated-c", team, Instant.parse("2026-05-01T00:00:00Z")));
    images.add(Images.created("dated-a", team, Instant.parse("2026-05-03T00:00:00Z")));
    Images.insert(server.server().store(), images);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void searching_part_of_a_name_in_any_case_pages_through_every_match_and_counts_only_them() {
    var first = admin.get("/imprint/v1/images?search=WEB&visibility=private&limit=10");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body().path("total_count").asInt()).isEqualTo(27);
    assertThat(first.body().at("/first/href").asText())
        .startsWith(server.baseUrl() + "/imprint/v1/images?limit=10&")
        .contains("search=WEB");

    var pages = walk(admin, "/imprint/v1/images?search=WEB&visibility=private&limit=10");
    assertThat(pages.stream().map(p -> p.path("images").size())).containsExactly(10, 10, 7);
    var names = names(pages);
    assertThat(names).hasSize(27).doesNotHaveDuplicates().allMatch(n -> n.contains("web"));
  }

  @Test
  void ibm_s_own_list_ignores_the_search_and_the_order_as_parameters_it_does_not_know() {
    var all = admin.get("/v1/images?visibility=private&limit=1").body();
    var asked = admin.get("/v1/images?visibility=private&limit=1&search=web&sort=-name").body();
    assertThat(asked.path("total_count")).isEqualTo(all.path("total_count"));
    assertThat(asked.at("/images/0/id")).isEqualTo(all.at("/images/0/id"));
  }

  @Test
  void the_list_sorts_by_name_or_by_creation_date_both_ways_across_pages() {
    var group = "&resource_group.id=" + team;
    var byName = names(walk(admin, "/imprint/v1/images?search=web&sort=name&limit=7" + group));
    assertThat(byName).hasSize(25).isSorted();
    assertThat(names(walk(admin, "/imprint/v1/images?search=web&sort=-name&limit=7" + group)))
        .isEqualTo(byName.reversed());

    assertThat(names(walk(admin, "/imprint/v1/images?search=dated&sort=created_at&limit=2")))
        .containsExactly("dated-c", "dated-b", "dated-a");
    assertThat(names(walk(admin, "/imprint/v1/images?search=dated&sort=-created_at&limit=2")))
        .containsExactly("dated-a", "dated-b", "dated-c");
  }

  @Test
  void the_status_counts_count_every_status_the_filters_select_as_the_list_would_show_them() {
    var filters = "visibility=private&search=web&resource_group.id=" + team;
    var counts = admin.get("/imprint/v1/images/status_counts?" + filters);

    assertThat(counts.status()).isEqualTo(200);
    var byStatus = counts.body().path("status_counts");
    assertThat(fieldNames(byStatus))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(ImageStatus.values()).map(ImageStatus::wire).toList());
    for (var status : ImageStatus.values()) {
      var listed =
          admin.get("/imprint/v1/images?limit=1&status=" + status.wire() + "&" + filters).body();
      assertThat(byStatus.path(status.wire()).asLong())
          .as(status.wire())
          .isEqualTo(listed.path("total_count").asLong());
    }
    assertThat(byStatus.path("available").asInt()).isEqualTo(5);
    assertThat(byStatus.path("unusable").asInt()).isZero();
    assertThat(counts.body().path("total_count").asInt()).isEqualTo(25);
    assertThat(admin.get("/imprint/v1/images/status_counts?status=failed&" + filters).body())
        .as("the status filter does not narrow the counts per status")
        .isEqualTo(counts.body());
  }

  @Test
  void a_user_with_a_policy_on_one_resource_group_sees_only_its_images_and_their_counts() {
    var viewer = Callers.holding(server, Role.VIEWER, new PolicyResource("is", team, null, null));

    var seen = viewer.get("/imprint/v1/images/status_counts?visibility=private").body();
    var teams =
        admin.get("/imprint/v1/images/status_counts?visibility=private&resource_group.id=" + team);
    assertThat(seen).isEqualTo(teams.body());
    assertThat(seen.path("total_count").asInt()).isEqualTo(29);
    assertThat(seen.at("/status_counts/unusable").asInt())
        .as("the other group's unusable image is not counted")
        .isZero();
    assertThat(viewer.get("/imprint/v1/images/status_counts?visibility=public").body())
        .as("the stock catalog is everyone's")
        .isEqualTo(admin.get("/imprint/v1/images/status_counts?visibility=public").body());

    var listed = walk(viewer, "/imprint/v1/images?search=web&sort=name&limit=100");
    assertThat(listed.getFirst().path("total_count").asInt()).isEqualTo(25);
    for (var image : listed.getFirst().path("images")) {
      assertThat(image.at("/resource_group/id").asText()).isEqualTo(team);
    }
  }

  @Test
  void each_image_of_the_list_carries_its_user_tags_which_ibm_s_list_leaves_to_global_tagging() {
    var image = admin.get("/v1/images?name=web-07").body().at("/images/0");
    var attached =
        admin.post(
            "/v3/tags/attach?tag_type=user",
            obj(
                "resources",
                List.of(obj("resource_id", image.path("crn").asText())),
                "tag_names",
                List.of("team:a", "Env:Prod")));
    assertThat(attached.status()).isEqualTo(200);

    var listed = admin.get("/imprint/v1/images?search=web-0&sort=name&limit=10").body();
    for (var item : listed.path("images")) {
      assertThat(item.path("user_tags"))
          .as(item.path("name").asText())
          .isEqualTo(
              Api.JSON.valueToTree(
                  item.path("id").asText().equals(image.path("id").asText())
                      ? List.of("env:prod", "team:a")
                      : List.of()));
    }
    assertThat(admin.get("/v1/images?name=web-07").body().at("/images/0").has("user_tags"))
        .isFalse();
    assertThat(admin.get("/v1/images/" + image.path("id").asText()).body().has("user_tags"))
        .as("the rendering the lists share is left as it was")
        .isFalse();
  }

  @Test
  void bad_query_values_are_refused_with_ibm_s_error_body_naming_the_parameter() {
    var sort = admin.get("/imprint/v1/images?sort=size", Map.of("X-Request-Id", "bad-sort-1"));
    assertThat(sort.status()).isEqualTo(400);
    assertThat(sort.errorCode()).isEqualTo("validation_enum");
    assertThat(sort.errorMessage()).contains("created_at", "-name");
    assertThat(sort.body().at("/errors/0/target"))
        .isEqualTo(Api.JSON.valueToTree(obj("name", "sort", "type", "parameter", "value", "size")));
    assertThat(sort.body().path("trace").asText()).isEqualTo("bad-sort-1");
    assertThat(sort.body().path("status_code").asInt()).isEqualTo(400);

    assertThat(admin.get("/imprint/v1/images?limit=0").errorCode())
        .isEqualTo("validation_min_value");
    assertThat(admin.get("/imprint/v1/images?limit=101").errorCode())
        .isEqualTo("validation_max_value");
    var start = admin.get("/imprint/v1/images?start=not-a-token");
    assertThat(start.errorCode()).isEqualTo("invalid_id_format");
    assertThat(start.errorTarget()).isEqualTo("start");
    assertThat(admin.get("/imprint/v1/images/status_counts?status=lost").errorCode())
        .isEqualTo("validation_enum");
    assertThat(admin.get("/imprint/v1/images/status_counts?visibility=shared").errorTarget())
        .isEqualTo("visibility");
  }

  @Test
  void a_start_token_is_good_only_for_the_search_and_order_it_was_given_with() {
    var next = admin.get("/imprint/v1/images?sort=name&limit=2").body().at("/next/href").asText();
    var token = next.substring(next.indexOf("start=") + "start=".length());

    assertThat(admin.get("/imprint/v1/images?sort=name&limit=2&start=" + token).status())
        .isEqualTo(200);
    var otherOrder = admin.get("/imprint/v1/images?sort=-name&limit=2&start=" + token);
    assertThat(otherOrder.status()).isEqualTo(400);
    assertThat(otherOrder.errorCode()).isEqualTo("invalid_id_format");
    assertThat(admin.get("/v1/images?limit=2&start=" + token).errorCode())
        .as("nor for IBM's list")
        .isEqualTo("invalid_id_format");
  }

  /** Every page of a list, following each next href as it is. */
  private static List<JsonNode> walk(Api caller, String path) {
    var pages = new ArrayList<JsonNode>();
    var page = caller.get(path);
    while (true) {
      assertThat(page.status()).as(page.raw()).isEqualTo(200);
      pages.add(page.body());
      var next = page.body().at("/next/href").asText(null);
      if (next == null) {
        return pages;
      }
      page = caller.get(next);
    }
  }

  private static List<String> names(List<JsonNode> pages) {
    var names = new ArrayList<String>();
    pages.forEach(p -> p.path("images").forEach(i -> names.add(i.path("name").asText())));
    return names;
  }

  private static List<String> fieldNames(JsonNode node) {
    var names = new ArrayList<String>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
