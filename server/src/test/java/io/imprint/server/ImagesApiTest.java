package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.core.domain.image.ImageTransitions;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading images: the stock catalog, the filters of GET /v1/images, paging and version-gated
 * fields.
 */
class ImagesApiTest {
  static TestServer server;
  static Api api;
  static String defaultGroup;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
    defaultGroup =
        api.raw("GET", "/v2/resource_groups", null, null, Map.of())
            .body()
            .at("/resources/0/id")
            .asText();
    var statuses =
        List.of(
            ImageStatus.AVAILABLE,
            ImageStatus.DEPRECATED,
            ImageStatus.OBSOLETE,
            ImageStatus.PENDING,
            ImageStatus.FAILED);
    var images =
        IntStream.range(0, 250)
            .mapToObj(
                i ->
                    Images.custom(
                        String.format("custom-%03d", i), statuses.get(i % 5), defaultGroup))
            .toList();
    Images.insert(server.server().store(), images);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void the_stock_catalog_is_public_provider_owned_and_its_status_follows_its_dates() {
    var page = api.get("/v1/images?visibility=public&limit=100");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body().path("images").size()).isGreaterThanOrEqualTo(5);
    var now = Instant.now();
    for (var image : page.body().path("images")) {
      assertThat(image.path("name").asText()).startsWith("ibm-");
      // the newest version of a family has no dates; StockCatalogTest tells the catalog's story
      assertThat(image.path("status").asText())
          .as(image.path("name").asText())
          .isEqualTo(
              ImageTransitions.byDates(
                      date(image, "deprecation_at"), date(image, "obsolescence_at"), now)
                  .wire());
      assertThat(image.path("visibility").asText()).isEqualTo("public");
      assertThat(image.at("/remote/account/resource_type").asText()).isEqualTo("account");
      assertThat(image.at("/operating_system/architecture").asText()).isIn("amd64", "s390x");
      assertThat(image.path("minimum_provisioned_size").asInt()).isEqualTo(100);
    }
  }

  static Instant date(JsonNode image, String field) {
    return image.has(field) ? Instant.parse(image.path(field).asText()) : null;
  }

  @Test
  void right_after_a_first_start_every_stock_image_already_shows_its_size_and_checksum() {
    try (var fresh = TestServer.startWithoutWaiting()) {
      var freshApi = fresh.api();
      var page = freshApi.get("/v1/images?visibility=public&limit=100");
      assertThat(page.body().path("images").size()).isGreaterThanOrEqualTo(5);
      for (var image : page.body().path("images")) {
        assertThat(image.at("/file/checksums/sha256").asText())
            .as(image.path("name").asText())
            .matches("[0-9a-f]{64}");
        assertThat(image.at("/file/size").asInt()).isPositive();
      }
      var one = page.body().at("/images/0/id").asText();
      assertThat(freshApi.get("/v1/images/" + one).body().at("/file/checksums/sha256").asText())
          .matches("[0-9a-f]{64}");
    }
  }

  @Test
  void every_required_image_field_is_present() {
    var image = api.get("/v1/images?limit=1").body().path("images").get(0);
    for (var field :
        List.of(
            "id",
            "crn",
            "href",
            "name",
            "resource_type",
            "created_at",
            "status",
            "status_reasons",
            "visibility",
            "encryption",
            "file",
            "operating_system",
            "user_data_format",
            "resource_group",
            "catalog_offering",
            "allowed_use")) {
      assertThat(image.has(field)).as(field).isTrue();
    }
    for (var field :
        List.of(
            "allow_user_image_creation",
            "architecture",
            "dedicated_host_only",
            "display_name",
            "family",
            "href",
            "name",
            "user_data_format",
            "vendor",
            "version")) {
      assertThat(image.path("operating_system").has(field))
          .as("operating_system." + field)
          .isTrue();
    }
    assertThat(image.path("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(image.path("crn").asText()).startsWith("crn:v1:bluemix:public:is:us-south:a/");
    assertThat(image.path("href").asText())
        .isEqualTo(server.baseUrl() + "/v1/images/" + image.path("id").asText());
    assertThat(image.path("id").asText()).matches("r006-[0-9a-f-]{36}");
    assertThat(image.has("deprecation_at")).isFalse();
    assertThat(image.has("source_volume")).isFalse();
  }

  @Test
  void a_single_image_is_read_by_id_and_an_unknown_one_is_404() {
    var first = api.get("/v1/images?limit=1").body().at("/images/0");
    var one = api.get("/v1/images/" + first.path("id").asText());
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.body()).isEqualTo(first);
    assertThat(api.get("/v1/images/r006-00000000-0000-4000-8000-000000000000").status())
        .isEqualTo(404);
  }

  @Test
  void walking_every_page_with_a_filter_returns_each_image_once() {
    var seen = new HashSet<String>();
    var names = new ArrayList<String>();
    var page = api.get("/v1/images?status=available,deprecated&visibility=private&limit=17");
    assertThat(page.body().path("total_count").asInt()).isEqualTo(100);
    assertThat(page.body().path("limit").asInt()).isEqualTo(17);
    assertThat(page.body().at("/first/href").asText())
        .startsWith(server.baseUrl() + "/v1/images?limit=17");
    int pages = 0;
    while (true) {
      pages++;
      for (var image : page.body().path("images")) {
        assertThat(seen.add(image.path("id").asText())).isTrue();
        names.add(image.path("name").asText());
        assertThat(image.path("status").asText()).isIn("available", "deprecated");
      }
      var next = page.body().path("next");
      if (next.isMissingNode()) {
        break;
      }
      // Follow next the way the SDK pagers do: only its start parameter, with the original filters
      // repeated.
      var start = startOf(next.path("href").asText());
      page =
          api.get(
              "/v1/images?status=available,deprecated&visibility=private&limit=17&start=" + start);
    }
    assertThat(seen).hasSize(100);
    assertThat(pages).isEqualTo(6);
    assertThat(names).isSorted();
  }

  @Test
  void the_next_href_can_be_followed_as_it_is() {
    var page = api.get("/v1/images?limit=100");
    int total = page.body().path("total_count").asInt();
    int count = page.body().path("images").size();
    while (page.body().has("next")) {
      page = api.get(page.body().at("/next/href").asText().replace(server.baseUrl(), "") + "");
      count += page.body().path("images").size();
    }
    assertThat(total).isEqualTo(250 + stockCount());
    assertThat(count).isEqualTo(total);
  }

  @Test
  void the_default_limit_is_50_and_limits_outside_1_to_100_are_refused() {
    assertThat(api.get("/v1/images").body().path("images").size()).isEqualTo(50);
    assertThat(api.get("/v1/images?limit=0").errorCode()).isEqualTo("validation_min_value");
    assertThat(api.get("/v1/images?limit=101").errorCode()).isEqualTo("validation_max_value");
    assertThat(api.get("/v1/images?limit=ten").errorCode())
        .isEqualTo("validation_invalid_field_type");
  }

  @Test
  void a_tampered_or_foreign_start_token_is_refused() {
    var next = api.get("/v1/images?limit=10").body().at("/next/href").asText();
    var start = startOf(next);
    var tampered = start.substring(0, start.length() - 2) + (start.endsWith("AA") ? "BB" : "AA");
    assertThat(api.get("/v1/images?limit=10&start=" + tampered).status()).isEqualTo(400);
    assertThat(api.get("/v1/images?limit=10&start=garbage").errorCode())
        .isEqualTo("invalid_id_format");
    assertThat(api.get("/v1/images?limit=10&start=" + tampered).errorTarget()).isEqualTo("start");
    // A token of another collection or another filter set is foreign here.
    var volumesToken =
        startOf(api.get("/v1/images?limit=10&status=failed").body().at("/next/href").asText());
    assertThat(api.get("/v1/images?limit=10&start=" + volumesToken).status()).isEqualTo(400);
    try (var other = TestServer.start()) {
      var foreign = startOf(other.api().get("/v1/images?limit=2").body().at("/next/href").asText());
      assertThat(api.get("/v1/images?limit=2&start=" + foreign).errorCode())
          .isEqualTo("invalid_id_format");
    }
  }

  @Test
  void status_values_are_each_validated() {
    var response = api.get("/v1/images?status=available,retired");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("validation_enum");
    assertThat(response.body().at("/errors/0/target/value").asText()).isEqualTo("retired");
  }

  @Test
  void without_a_status_filter_every_status_is_listed() {
    var statuses = new HashSet<String>();
    for (var image : all("/v1/images?visibility=private")) {
      statuses.add(image.path("status").asText());
    }
    assertThat(statuses)
        .containsExactlyInAnyOrder("available", "deprecated", "obsolete", "pending", "failed");
  }

  @Test
  void filters_by_name_resource_group_and_user_data_format() {
    assertThat(api.get("/v1/images?name=custom-007").body().path("images")).hasSize(1);
    assertThat(api.get("/v1/images?name=custom-007").body().at("/images/0/name").asText())
        .isEqualTo("custom-007");
    assertThat(
            api.get("/v1/images?resource_group.id=" + defaultGroup)
                .body()
                .path("total_count")
                .asInt())
        .isEqualTo(250);
    assertThat(api.get("/v1/images?user_data_format=ipxe").body().path("total_count").asInt())
        .isZero();
    assertThat(
            api.get("/v1/images?user_data_format=cloud_init,ipxe")
                .body()
                .path("total_count")
                .asInt())
        .isEqualTo(250 + stockCount());
    assertThat(api.get("/v1/images?user_data_format=windows").errorCode())
        .isEqualTo("validation_enum");
  }

  @Test
  void remote_account_id_selects_by_owner() {
    assertThat(api.get("/v1/images?remote.account.id=null").body().path("total_count").asInt())
        .isEqualTo(250);
    assertThat(api.get("/v1/images?remote.account.id=not:null").body().path("total_count").asInt())
        .isEqualTo(stockCount());
    assertThat(
            api.get("/v1/images?remote.account.id=811f8abfbd32425597dc7ba40da98fa6")
                .body()
                .path("total_count")
                .asInt())
        .isEqualTo(stockCount());
  }

  @Test
  void old_versions_show_owner_type_and_new_versions_show_remote() {
    var oldStock = get("/v1/images?visibility=public&limit=1", "2025-06-29").at("/images/0");
    var oldMine = get("/v1/images?visibility=private&limit=1", "2025-06-29").at("/images/0");
    assertThat(oldStock.path("owner_type").asText()).isEqualTo("provider");
    assertThat(oldMine.path("owner_type").asText()).isEqualTo("user");
    assertThat(oldStock.has("remote")).isFalse();
    var newStock = get("/v1/images?visibility=public&limit=1", "2025-06-30").at("/images/0");
    var newMine = get("/v1/images?visibility=private&limit=1", "2025-06-30").at("/images/0");
    assertThat(newStock.has("owner_type")).isFalse();
    assertThat(newStock.at("/remote/account/id").asText())
        .isEqualTo("811f8abfbd32425597dc7ba40da98fa6");
    assertThat(newMine.has("remote")).isFalse();
    assertThat(newMine.has("owner_type")).isFalse();
  }

  @Test
  void owner_type_filters_on_old_versions_and_is_refused_on_new_ones() {
    assertThat(get("/v1/images?owner_type=user", "2024-01-01").path("total_count").asInt())
        .isEqualTo(250);
    assertThat(get("/v1/images?owner_type=provider", "2024-01-01").path("total_count").asInt())
        .isEqualTo(stockCount());
    var refused =
        api.raw("GET", "/v1/images?owner_type=user&version=2026-03-24", null, null, Map.of());
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorTarget()).isEqualTo("owner_type");
  }

  @Test
  void zones_appear_from_version_2026_04_14() {
    assertThat(
            get("/v1/images?visibility=public&limit=1", "2026-04-13").at("/images/0").has("zones"))
        .isFalse();
    var image = get("/v1/images?visibility=public&limit=1", "2026-04-14").at("/images/0");
    assertThat(image.path("zones")).hasSize(3);
    var failed = get("/v1/images?status=failed&limit=1", "2026-04-14").at("/images/0");
    assertThat(failed.path("zones")).isEmpty();
  }

  private static int stockCount() {
    return api.get("/v1/images?visibility=public").body().path("total_count").asInt();
  }

  private static JsonNode get(String path, String version) {
    var response =
        api.raw("GET", path + "&version=" + version + "&generation=2", null, null, Map.of());
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.body();
  }

  private static List<JsonNode> all(String path) {
    var out = new ArrayList<JsonNode>();
    var page = api.get(path + "&limit=100");
    page.body().path("images").forEach(out::add);
    while (page.body().has("next")) {
      page = api.get(path + "&limit=100&start=" + startOf(page.body().at("/next/href").asText()));
      page.body().path("images").forEach(out::add);
    }
    return out;
  }

  static String startOf(String href) {
    for (var part : URI.create(href).getRawQuery().split("&")) {
      if (part.startsWith("start=")) {
        return part.substring("start=".length());
      }
    }
    throw new AssertionError("no start in " + href);
  }
}
