package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stock catalog has a lifecycle, as IBM's does: per family the newest version is available,
 * older versions are deprecated, versions past their end of support are obsolete, each with its
 * real dates. The statuses follow the server's clock through the ordinary lifecycle, with its
 * events; a restart keeps them, and an older data dir gets them once. The servers here start on
 * {@link #DAY} so that these dates read the same whatever day the tests run.
 */
class StockCatalogTest {
  static final Instant DAY = Instant.parse("2026-12-06T12:00:00Z");

  /** The catalog on {@link #DAY}: name, status, deprecation_at, obsolescence_at. */
  static final List<String> ON_DAY =
      List.of(
          "ibm-ubuntu-24-04-minimal-amd64-1 available - -",
          "ibm-ubuntu-22-04-minimal-amd64-1 deprecated 2024-04-25T00:00:00.000Z 2027-06-01T00:00:00.000Z",
          "ibm-ubuntu-20-04-minimal-amd64-1 obsolete 2022-04-21T00:00:00.000Z 2025-06-01T00:00:00.000Z",
          "ibm-debian-12-minimal-amd64-1 available - -",
          "ibm-debian-11-minimal-amd64-1 obsolete 2023-06-10T00:00:00.000Z 2026-09-01T00:00:00.000Z",
          "ibm-centos-stream-9-minimal-amd64-1 available - -",
          "ibm-centos-stream-8-minimal-amd64-1 obsolete 2021-12-03T00:00:00.000Z 2024-06-01T00:00:00.000Z",
          "ibm-rhel-9-minimal-amd64-1 available - -",
          "ibm-rhel-8-minimal-amd64-1 deprecated 2022-05-18T00:00:00.000Z 2029-06-01T00:00:00.000Z",
          "ibm-rocky-linux-9-minimal-amd64-1 available - -",
          "ibm-rocky-linux-8-minimal-amd64-1 deprecated 2022-07-14T00:00:00.000Z 2029-06-01T00:00:00.000Z",
          "ibm-windows-2022-minimal-amd64-1 available - -",
          "ibm-windows-2019-minimal-amd64-1 deprecated 2021-08-18T00:00:00.000Z 2029-01-10T00:00:00.000Z",
          "ibm-ubuntu-24-04-minimal-s390x-1 available - -",
          "ibm-ubuntu-22-04-minimal-s390x-1 deprecated 2024-04-25T00:00:00.000Z 2027-06-01T00:00:00.000Z",
          "ibm-rhel-9-minimal-s390x-1 available - -");

  /** A virtual clock, and events kept long enough that moving it does not age them out. */
  static final Map<String, String> VIRTUAL = Map.of("clock", "virtual", "events-retention", "P10Y");

  static Path dir;
  static TestServer server;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("imprint-stock");
    server = TestServer.startOn(dir, Map.of(), DAY);
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
    TestServer.deleteTree(dir);
  }

  @Test
  void on_day_one_older_versions_are_deprecated_and_retired_ones_obsolete() {
    assertThat(catalog(api)).containsExactlyInAnyOrderElementsOf(ON_DAY);
  }

  @Test
  void the_statuses_were_applied_by_the_scheduler_with_their_events() {
    var outbox = new Outbox(server.server());
    assertThat(outbox.summary(id(api, "ibm-ubuntu-20-04-minimal-amd64-1")))
        .containsExactly("is.image.image.obsolete success by schedule -> obsolete");
    assertThat(outbox.summary(id(api, "ibm-rocky-linux-8-minimal-amd64-1")))
        .containsExactly("is.image.image.deprecate success by schedule -> deprecated");
    assertThat(outbox.summary(id(api, "ibm-ubuntu-24-04-minimal-amd64-1"))).isEmpty();
  }

  @Test
  void an_instance_from_an_obsolete_stock_image_is_refused_and_from_a_deprecated_one_allowed() {
    var refused = createInstance(api, "from-focal", "ibm-ubuntu-20-04-minimal-amd64-1");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorCode()).isEqualTo("image_not_usable");
    assertThat(refused.errorTarget()).isEqualTo("image");
    assertThat(refused.errorMessage())
        .isEqualTo(
            "Image ibm-ubuntu-20-04-minimal-amd64-1 is obsolete and cannot be used to create an"
                + " instance.");
    assertThat(api.get("/v1/instances?name=from-focal").body().path("instances")).isEmpty();

    var allowed = createInstance(api, "from-rocky-8", "ibm-rocky-linux-8-minimal-amd64-1");
    assertThat(allowed.status()).isEqualTo(201);
    assertThat(allowed.header("Warning"))
        .isEqualTo(
            "299 imprint \"Image ibm-rocky-linux-8-minimal-amd64-1 is deprecated and becomes"
                + " obsolete at 2029-06-01T00:00:00Z; move to a newer image.\"");
  }

  @Test
  void without_a_status_filter_the_list_shows_every_status_and_the_filter_narrows_it() {
    // IBM's API lists every status unless asked (the CLI adds status=available on its own)
    var all = api.get("/v1/images?visibility=public&limit=100").body().path("images");
    assertThat(field(all, "status"))
        .hasSize(ON_DAY.size())
        .contains("available", "deprecated", "obsolete");
    var available =
        api.get("/v1/images?visibility=public&status=available&limit=100").body().path("images");
    assertThat(field(available, "name"))
        .containsExactlyInAnyOrderElementsOf(
            ON_DAY.stream()
                .filter(line -> line.contains(" available "))
                .map(StockCatalogTest::name)
                .toList());
  }

  @Test
  void
      the_virtual_clock_moved_past_an_end_of_support_makes_the_image_obsolete_and_a_restart_keeps_it()
          throws Exception {
    var clockDir = Files.createTempDirectory("imprint-stock-clock");
    try {
      List<String> catalogBefore;
      List<String> eventsBefore;
      try (var first = TestServer.startOn(clockDir, VIRTUAL, DAY)) {
        var firstApi = first.api();
        var jammy = id(firstApi, "ibm-ubuntu-22-04-minimal-amd64-1");
        var moved = firstApi.post("/imprint/v1/clock", obj("set", "2027-06-01T00:00:01Z"));
        assertThat(moved.status()).isEqualTo(200);
        firstApi.awaitField("/v1/images/" + jammy, "status", "obsolete");
        assertThat(new Outbox(first.server()).summary(jammy))
            .containsExactly(
                "is.image.image.deprecate success by schedule -> deprecated",
                "is.image.image.obsolete success by schedule -> obsolete");
        assertThat(status(firstApi, "ibm-ubuntu-22-04-minimal-s390x-1")).isEqualTo("obsolete");
        assertThat(status(firstApi, "ibm-rocky-linux-8-minimal-amd64-1")).isEqualTo("deprecated");
        catalogBefore = catalog(firstApi);
        eventsBefore = stockEvents(first.server());
      }
      try (var second = TestServer.startOn(clockDir, VIRTUAL, DAY)) {
        assertThat(catalog(second.api())).isEqualTo(catalogBefore);
        assertThat(stockEvents(second.server())).isEqualTo(eventsBefore);
      }
    } finally {
      TestServer.deleteTree(clockDir);
    }
  }

  @Test
  void an_older_data_dir_whose_stock_images_are_undated_gets_the_dates_and_statuses_once()
      throws Exception {
    var oldDir = Files.createTempDirectory("imprint-stock-upgrade");
    try {
      var eventsBefore = new HashMap<String, Integer>();
      try (var old = TestServer.startOn(oldDir, Map.of(), DAY)) {
        // as an Imprint before the stock lifecycle left them: available, no dates
        old.server()
            .store()
            .write(
                tx -> {
                  for (var line : ON_DAY) {
                    tx.images().update(undated(tx.images().findByName(name(line)).orElseThrow()));
                  }
                  return null;
                });
        assertThat(catalog(old.api())).allMatch(line -> line.endsWith(" available - -"));
        for (var line : ON_DAY) {
          var id = id(old.api(), name(line));
          eventsBefore.put(id, new Outbox(old.server()).about(id).size());
        }
      }
      try (var upgraded = TestServer.startOn(oldDir, Map.of(), DAY)) {
        assertThat(catalog(upgraded.api())).containsExactlyInAnyOrderElementsOf(ON_DAY);
        var outbox = new Outbox(upgraded.server());
        var focal = id(upgraded.api(), "ibm-ubuntu-20-04-minimal-amd64-1");
        assertThat(
                outbox.summary(focal).subList(eventsBefore.get(focal), outbox.about(focal).size()))
            .containsExactly(
                "is.image.image.update success by startup -> available",
                "is.image.image.obsolete success by schedule -> obsolete");
        var jammy = id(upgraded.api(), "ibm-ubuntu-22-04-minimal-amd64-1");
        assertThat(
                outbox.summary(jammy).subList(eventsBefore.get(jammy), outbox.about(jammy).size()))
            .containsExactly(
                "is.image.image.update success by startup -> available",
                "is.image.image.deprecate success by schedule -> deprecated");
        var noble = id(upgraded.api(), "ibm-ubuntu-24-04-minimal-amd64-1");
        assertThat(outbox.about(noble)).hasSize(eventsBefore.get(noble));
      }
      List<String> afterUpgrade;
      try (var again = TestServer.startOn(oldDir, Map.of(), DAY)) {
        afterUpgrade = stockEvents(again.server());
      }
      try (var third = TestServer.startOn(oldDir, Map.of(), DAY)) {
        assertThat(catalog(third.api())).containsExactlyInAnyOrderElementsOf(ON_DAY);
        assertThat(stockEvents(third.server())).isEqualTo(afterUpgrade);
      }
    } finally {
      TestServer.deleteTree(oldDir);
    }
  }

  /** Each stock image as "name status deprecation_at obsolescence_at". */
  static List<String> catalog(Api api) {
    var lines = new ArrayList<String>();
    for (var image : api.get("/v1/images?visibility=public&limit=100").body().path("images")) {
      lines.add(
          image.path("name").asText()
              + " "
              + image.path("status").asText()
              + " "
              + image.path("deprecation_at").asText("-")
              + " "
              + image.path("obsolescence_at").asText("-"));
    }
    return lines;
  }

  /** Every event about a stock image, oldest first per image. */
  static List<String> stockEvents(ImprintServer server) {
    var outbox = new Outbox(server);
    var events = new ArrayList<String>();
    for (var line : ON_DAY) {
      var image = server.store().read(tx -> tx.images().findByName(name(line))).orElseThrow();
      outbox.summary(image.id()).forEach(e -> events.add(image.name() + " " + e));
    }
    return events;
  }

  /** The top-level {@code field} of each image of a list. */
  static List<String> field(JsonNode images, String field) {
    var values = new ArrayList<String>();
    images.forEach(image -> values.add(image.path(field).asText()));
    return values;
  }

  static String name(String catalogLine) {
    return catalogLine.split(" ")[0];
  }

  static Image undated(Image image) {
    return new Image(
        image.id(),
        image.name(),
        new Image.State(ImageStatus.AVAILABLE, List.of(), null, null),
        image.owner(),
        image.file(),
        image.origin(),
        image.createdAt(),
        image.version());
  }

  static String id(Api api, String name) {
    return api.get("/v1/images?name=" + name).body().at("/images/0/id").asText();
  }

  static String status(Api api, String name) {
    return api.get("/v1/images?name=" + name).body().at("/images/0/status").asText();
  }

  static Api.Response createInstance(Api api, String name, String imageName) {
    var subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    return api.post(
        "/v1/instances",
        obj(
            "name",
            name,
            "zone",
            obj("name", "us-south-1"),
            "image",
            obj("id", id(api, imageName)),
            "primary_network_interface",
            obj("subnet", obj("id", subnet))));
  }
}
