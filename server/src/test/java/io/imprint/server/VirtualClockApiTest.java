package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.domain.event.Severity;
import io.imprint.core.domain.image.ImageStatus;
import io.imprint.server.wire.Dates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The virtual clock rehearses schedules: moving it applies due dates at once; it never goes
 * backwards.
 */
class VirtualClockApiTest {
  static TestServer server;
  static Api api;
  static String group;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("clock", "virtual"));
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
  void a_year_of_lifecycle_is_rehearsed_in_a_second() {
    var image = Images.custom("rehearsed", ImageStatus.AVAILABLE, group);
    Images.insert(server.server().store(), List.of(image));
    var now = Instant.parse(api.get("/imprint/v1/clock").body().path("now").asText());
    api.patch(
        "/v1/images/" + image.id(),
        obj(
            "deprecation_at",
            now.plusSeconds(30 * 86400).toString(),
            "obsolescence_at",
            now.plusSeconds(180 * 86400).toString()));
    var moved = api.post("/imprint/v1/clock", obj("advance", "P31D"));
    assertThat(moved.status()).isEqualTo(200);
    assertThat(Instant.parse(moved.body().path("now").asText()))
        .isAfter(now.plusSeconds(31 * 86400 - 5));
    api.awaitField("/v1/images/" + image.id(), "status", "deprecated");
    api.post("/imprint/v1/clock", obj("set", now.plusSeconds(365 * 86400).toString()));
    api.awaitField("/v1/images/" + image.id(), "status", "obsolete");
  }

  @Test
  void advance_warnings_come_once_each_seven_days_and_one_day_before() throws Exception {
    var events = new Outbox(server.server());
    var image = Images.custom("warned", ImageStatus.AVAILABLE, group);
    Images.insert(server.server().store(), List.of(image));
    var now = Instant.parse(api.get("/imprint/v1/clock").body().path("now").asText());
    var due = now.plusSeconds(10 * 86400);
    api.patch("/v1/images/" + image.id(), obj("deprecation_at", due.toString()));
    api.post("/imprint/v1/clock", obj("advance", "P3DT1H"));
    events.awaitWarnings(image.id(), 1);
    api.post("/imprint/v1/clock", obj("advance", "PT1H"));
    server.runDueJobs();
    assertThat(events.warnings(image.id())).hasSize(1);
    var first = events.warnings(image.id()).getFirst();
    assertThat(first.exchange().responseData())
        .containsEntry("event", "deprecation")
        .containsEntry("lead", "PT168H");
    var dueAt = Instant.parse(first.exchange().responseData().get("dueAt"));
    assertThat(Duration.between(dueAt, due).abs()).isLessThan(Duration.ofSeconds(1));
    assertThat(first.result().severity()).isEqualTo(Severity.WARNING);
    assertThat(first.message()).isEqualTo("Virtual Private Cloud: warn image warned");
    assertThat(first.initiator().id()).isEqualTo("system");
    api.post("/imprint/v1/clock", obj("advance", "P6D"));
    events.awaitWarnings(image.id(), 2);
    assertThat(events.warnings(image.id()).get(1).exchange().responseData())
        .containsEntry("lead", "PT24H");
    api.post("/imprint/v1/clock", obj("advance", "P1D"));
    api.awaitField("/v1/images/" + image.id(), "status", "deprecated");
    assertThat(events.warnings(image.id())).hasSize(2);
  }

  @Test
  void a_date_set_inside_both_lead_times_gets_only_the_shorter_warning() throws Exception {
    var events = new Outbox(server.server());
    var id = scheduled("warned-late", clock().plusSeconds(12 * 3600));
    events.awaitWarnings(id, 1);
    assertThat(events.warnings(id).getFirst().exchange().responseData())
        .containsEntry("lead", "PT24H");
    api.post("/imprint/v1/clock", obj("advance", "PT1H"));
    server.runDueJobs();
    assertThat(events.warnings(id)).hasSize(1);
  }

  @Test
  void a_date_moved_later_while_the_scheduler_waits_applies_at_its_new_time_only() {
    var now = clock();
    var moved = scheduled("moved-later", now.plusSeconds(10 * 86400));
    api.post("/imprint/v1/clock", obj("advance", "P5D"));
    assertThat(
            api.patch(
                    "/v1/images/" + moved,
                    obj("deprecation_at", now.plusSeconds(20 * 86400).toString()))
                .status())
        .isEqualTo(200);
    var sentinel = scheduled("sentinel-11d", now.plusSeconds(11 * 86400));

    api.post("/imprint/v1/clock", obj("advance", "P7D"));
    api.awaitField("/v1/images/" + sentinel, "status", "deprecated");
    assertThat(status(moved)).as("the old date passed; the new one has not").isEqualTo("available");

    api.post("/imprint/v1/clock", obj("advance", "P9D"));
    api.awaitField("/v1/images/" + moved, "status", "deprecated");
    assertThat(api.get("/v1/images/" + moved).body().path("deprecation_at").asText())
        .isEqualTo(Dates.format(now.plusSeconds(20 * 86400)));
  }

  @Test
  void a_date_moved_earlier_applies_at_its_new_time() {
    var now = clock();
    var moved = scheduled("moved-earlier", now.plusSeconds(30 * 86400));
    assertThat(
            api.patch(
                    "/v1/images/" + moved,
                    obj("deprecation_at", now.plusSeconds(2 * 86400).toString()))
                .status())
        .isEqualTo(200);
    api.post("/imprint/v1/clock", obj("advance", "P3D"));
    api.awaitField("/v1/images/" + moved, "status", "deprecated");
  }

  @Test
  void a_date_cleared_before_it_is_due_never_applies() {
    var now = clock();
    var cleared = scheduled("cleared", now.plusSeconds(10 * 86400));
    var sentinel = scheduled("sentinel-cleared", now.plusSeconds(11 * 86400));
    var patch = api.patch("/v1/images/" + cleared, obj("deprecation_at", null));
    assertThat(patch.status()).as(patch.raw()).isEqualTo(200);
    assertThat(patch.body().has("deprecation_at")).isFalse();

    api.post("/imprint/v1/clock", obj("advance", "P12D"));
    api.awaitField("/v1/images/" + sentinel, "status", "deprecated");
    assertThat(status(cleared)).isEqualTo("available");
  }

  @Test
  void every_lifecycle_transition_is_reported_once_with_its_initiator() {
    var image = Images.custom("reported", ImageStatus.AVAILABLE, group);
    Images.insert(server.server().store(), List.of(image));
    var id = image.id();
    assertThat(api.post("/v1/images/" + id + "/deprecate", null).status()).isEqualTo(204);
    api.patch("/v1/images/" + id, obj("obsolescence_at", clock().plusSeconds(86400).toString()));
    api.post("/imprint/v1/clock", obj("advance", "P2D"));
    api.awaitField("/v1/images/" + id, "status", "obsolete");
    var cleared = api.patch("/v1/images/" + id, obj("obsolescence_at", null));
    assertThat(cleared.body().path("status").asText()).isEqualTo("deprecated");

    assertThat(new Outbox(server.server()).summary(id))
        .filteredOn(line -> !line.startsWith("is.image.image.warn"))
        .containsExactly(
            "is.image.image.deprecate success by admin -> deprecated",
            "is.image.image.update success by admin -> deprecated",
            "is.image.image.obsolete success by schedule -> obsolete",
            "is.image.image.update success by admin -> deprecated");
  }

  private static Instant clock() {
    return Instant.parse(api.get("/imprint/v1/clock").body().path("now").asText());
  }

  /** A private available image with {@code deprecation_at} set through the API; its id. */
  private static String scheduled(String name, Instant deprecationAt) {
    var image = Images.custom(name, ImageStatus.AVAILABLE, group);
    Images.insert(server.server().store(), List.of(image));
    var patched =
        api.patch("/v1/images/" + image.id(), obj("deprecation_at", deprecationAt.toString()));
    assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
    return image.id();
  }

  private static String status(String id) {
    return api.get("/v1/images/" + id).body().path("status").asText();
  }

  @Test
  void the_clock_never_goes_backwards_and_needs_one_instruction() {
    var now = Instant.parse(api.get("/imprint/v1/clock").body().path("now").asText());
    var back = api.post("/imprint/v1/clock", obj("set", now.minusSeconds(3600).toString()));
    assertThat(back.status()).isEqualTo(400);
    assertThat(back.errorTarget()).isEqualTo("set");
    assertThat(api.post("/imprint/v1/clock", obj("advance", "-PT1H")).status()).isEqualTo(400);
    assertThat(api.post("/imprint/v1/clock", obj("advance", "soon")).errorCode())
        .isEqualTo("validation_invalid_field_type");
    assertThat(api.post("/imprint/v1/clock", obj()).errorCode()).isEqualTo("validation_only_one");
  }

  @Test
  void the_clock_moves_at_most_a_hundred_years_ahead_and_keeps_serving() {
    var before = api.get("/imprint/v1/clock").body().path("now").asText();
    for (var huge : new String[] {"P10000000000D", "PT9223372036854775807S", "P36526D"}) {
      var refused = api.post("/imprint/v1/clock", obj("advance", huge));
      assertThat(refused.status()).as(huge).isEqualTo(400);
      assertThat(refused.errorTarget()).isEqualTo("advance");
    }
    var far = api.post("/imprint/v1/clock", obj("set", "9999-12-31T00:00:00Z"));
    assertThat(far.status()).isEqualTo(400);
    assertThat(far.errorTarget()).isEqualTo("set");
    var now = api.get("/imprint/v1/clock").body().path("now").asText();
    assertThat(Instant.parse(now)).isBefore(Instant.parse(before).plusSeconds(3600));
    assertThat(api.get("/v1/images?limit=1").status()).isEqualTo(200);
  }

  @Test
  void a_restart_keeps_the_clock_where_it_was_moved() throws Exception {
    var dir = java.nio.file.Files.createTempDirectory("imprint-clock");
    try {
      Instant moved;
      try (var first = TestServer.startOn(dir, Map.of("clock", "virtual"))) {
        var answer = first.api().post("/imprint/v1/clock", obj("advance", "P400D"));
        assertThat(answer.status()).isEqualTo(200);
        moved = Instant.parse(answer.body().path("now").asText());
      }
      try (var second = TestServer.startOn(dir, Map.of("clock", "virtual"))) {
        var now = Instant.parse(second.api().get("/imprint/v1/clock").body().path("now").asText());
        assertThat(now).isAfterOrEqualTo(moved).isBefore(moved.plus(Duration.ofHours(1)));
        // and it still only grows from there, within the same century
        assertThat(second.api().post("/imprint/v1/clock", obj("advance", "P36200D")).status())
            .isEqualTo(400);
      }
    } finally {
      TestServer.deleteTree(dir);
    }
  }

  @Test
  void the_clock_is_404_when_the_server_runs_on_system_time() {
    try (var plain = TestServer.start()) {
      assertThat(plain.api().get("/imprint/v1/clock").status()).isEqualTo(404);
      assertThat(plain.api().post("/imprint/v1/clock", obj("advance", "PT1H")).status())
          .isEqualTo(404);
    }
  }

  @Test
  void consumers_list_the_instances_and_volumes_made_from_an_image() {
    var stock =
        api.get("/v1/images?name=ibm-rocky-linux-9-minimal-amd64-1")
            .body()
            .at("/images/0/id")
            .asText();
    var subnet = api.get("/v1/subnets?zone.name=us-south-2").body().at("/subnets/0/id").asText();
    var instance =
        api.post(
                "/v1/instances",
                obj(
                    "name",
                    "consumer",
                    "zone",
                    obj("name", "us-south-2"),
                    "image",
                    obj("id", stock),
                    "primary_network_interface",
                    obj("subnet", obj("id", subnet))))
            .body();
    var consumers = api.get("/imprint/v1/images/" + stock + "/consumers").body();
    assertThat(consumers.path("instances").findValuesAsText("id"))
        .containsExactly(instance.path("id").asText());
    assertThat(consumers.path("volumes").findValuesAsText("id"))
        .containsExactly(instance.at("/boot_volume_attachment/volume/id").asText());
    assertThat(api.get("/imprint/v1/images/r006-nope/consumers").status()).isEqualTo(404);
  }
}
