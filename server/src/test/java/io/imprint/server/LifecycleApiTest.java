package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.app.image.LifecycleTask;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * deprecate, obsolete, PATCH of the dates, the scheduler, and provisioning from images in each
 * status.
 */
class LifecycleApiTest {
  static TestServer server;
  static Api api;
  static String group;
  static String subnet;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
    group =
        api.raw("GET", "/v2/resource_groups", null, null, Map.of())
            .body()
            .at("/resources/0/id")
            .asText();
    subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String available(String name) {
    var image = Images.custom(name, ImageStatus.AVAILABLE, group);
    Images.insert(server.server().store(), List.of(image));
    return image.id();
  }

  static Map<String, Object> nulls(String... fields) {
    var map = new HashMap<String, Object>();
    for (var f : fields) {
      map.put(f, null);
    }
    return map;
  }

  @Test
  void deprecate_and_obsolete_answer_204_and_stamp_the_dates() {
    var id = available("walk-me");
    var before = Instant.now().minusSeconds(1);
    var deprecate = api.post("/v1/images/" + id + "/deprecate", null);
    assertThat(deprecate.status()).isEqualTo(204);
    assertThat(deprecate.raw()).isEmpty();
    var deprecated = api.get("/v1/images/" + id).body();
    assertThat(deprecated.path("status").asText()).isEqualTo("deprecated");
    assertThat(Instant.parse(deprecated.path("deprecation_at").asText())).isAfter(before);
    assertThat(api.post("/v1/images/" + id + "/deprecate", null).status()).isEqualTo(409);
    assertThat(api.post("/v1/images/" + id + "/obsolete", null).status()).isEqualTo(204);
    var obsolete = api.get("/v1/images/" + id).body();
    assertThat(obsolete.path("status").asText()).isEqualTo("obsolete");
    assertThat(obsolete.has("obsolescence_at")).isTrue();
    // back again with merge-patch nulls
    var back = api.patch("/v1/images/" + id, nulls("obsolescence_at"));
    assertThat(back.status()).as(back.raw()).isEqualTo(200);
    assertThat(back.body().path("status").asText()).isEqualTo("deprecated");
    var available = api.patch("/v1/images/" + id, nulls("deprecation_at"));
    assertThat(available.body().path("status").asText()).isEqualTo("available");
    assertThat(available.body().has("deprecation_at")).isFalse();
  }

  @Test
  void a_scheduled_deprecation_blocks_the_manual_action_with_advice() {
    var id = available("scheduled-one");
    var patched = api.patch("/v1/images/" + id, obj("deprecation_at", "2099-01-01T00:00:00.000Z"));
    assertThat(patched.body().path("status").asText()).isEqualTo("available");
    var refused = api.post("/v1/images/" + id + "/deprecate", null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().at("/errors/0/message").asText()).contains("clear it with PATCH");
    assertThat(
            api.post("/v1/images/" + id + "/obsolete", null)
                .body()
                .at("/errors/0/message")
                .asText())
        .contains("clear deprecation_at");
  }

  @Test
  void dates_are_strict_rfc_3339_in_the_years_0001_to_9999_and_are_written_back_in_utc() {
    var id = available("strict-dates");
    for (var bad :
        List.of(
            "10000-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z",
            "0000-12-31T00:00:00Z",
            "2099-02-29T00:00:00Z",
            "2099-04-31T00:00:00Z",
            "2099-01-01T24:00:00Z",
            "2099-01-01T00:00:00",
            "2099-01-01T00:00:00+0530",
            "2099-01-01")) {
      var refused = api.patch("/v1/images/" + id, obj("deprecation_at", bad));
      assertThat(refused.status()).as(bad).isEqualTo(400);
      assertThat(refused.errorCode()).as(bad).isEqualTo("validation_invalid_field_type");
      assertThat(refused.errorTarget()).as(bad).isEqualTo("deprecation_at");
    }
    assertThat(api.get("/v1/images/" + id).body().has("deprecation_at")).isFalse();
    var accepted =
        api.patch("/v1/images/" + id, obj("deprecation_at", "2099-02-28T10:00:00+05:30"));
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.body().path("deprecation_at").asText())
        .isEqualTo("2099-02-28T04:30:00.000Z");
  }

  @Test
  void patch_validates_dates_and_changes_nothing_on_refusal() {
    var id = available("patch-rules");
    assertThat(
            api.patch("/v1/images/" + id, obj("deprecation_at", "2001-01-01T00:00:00Z"))
                .errorTarget())
        .isEqualTo("deprecation_at");
    assertThat(
            api.patch(
                    "/v1/images/" + id,
                    obj(
                        "deprecation_at",
                        "2099-02-01T00:00:00Z",
                        "obsolescence_at",
                        "2099-01-01T00:00:00Z"))
                .errorTarget())
        .isEqualTo("obsolescence_at");
    assertThat(api.patch("/v1/images/" + id, obj("deprecation_at", "tomorrow")).errorCode())
        .isEqualTo("validation_invalid_field_type");
    assertThat(api.patch("/v1/images/" + id, obj("name", "ibm-nope")).errorCode())
        .isEqualTo("validation_invalid_name");
    var unchanged = api.get("/v1/images/" + id).body();
    assertThat(unchanged.has("deprecation_at")).isFalse();
    assertThat(unchanged.path("name").asText()).isEqualTo("patch-rules");
    var renamed =
        api.patch(
            "/v1/images/" + id,
            obj("name", "patch-renamed", "deprecation_at", "2099-01-01T05:30:00+05:30"));
    assertThat(renamed.body().path("name").asText()).isEqualTo("patch-renamed");
    assertThat(renamed.body().path("deprecation_at").asText())
        .isEqualTo("2099-01-01T00:00:00.000Z");
    var stock = api.get("/v1/images?visibility=public&limit=1").body().at("/images/0/id").asText();
    assertThat(api.post("/v1/images/" + stock + "/deprecate", null).status()).isEqualTo(409);
  }

  /**
   * Every lifecycle action from every status a user can reach, through the API; the expectations
   * are written out from the reference's rules, not derived from the transition table they check.
   */
  @ParameterizedTest(name = "{1} on a {0} image: {2}, then {3}")
  @CsvSource({
    "available,  deprecate, 204, deprecated",
    "deprecated, deprecate, 409, deprecated",
    "obsolete,   deprecate, 409, obsolete",
    "pending,    deprecate, 409, pending",
    "failed,     deprecate, 409, failed",
    "available,  obsolete,  204, obsolete",
    "deprecated, obsolete,  204, obsolete",
    "obsolete,   obsolete,  409, obsolete",
    "pending,    obsolete,  409, pending",
    "failed,     obsolete,  409, failed",
    "available,  schedule,  200, available",
    "deprecated, schedule,  200, deprecated",
    "obsolete,   schedule,  409, obsolete",
    "pending,    schedule,  200, pending",
    "failed,     schedule,  409, failed",
    "deprecated, clear,     200, available",
    "obsolete,   clear,     200, available",
    "available,  delete,    202, gone",
    "deprecated, delete,    202, gone",
    "obsolete,   delete,    202, gone",
    "failed,     delete,    202, gone",
  })
  void each_action_is_allowed_or_refused_in_each_status(
      String status, String action, int expected, String after) {
    var image =
        Images.custom(
            "pair-" + status + "-" + action,
            switch (status) {
              case "pending" -> ImageStatus.PENDING;
              case "failed" -> ImageStatus.FAILED;
              default -> ImageStatus.AVAILABLE;
            },
            group);
    Images.insert(server.server().store(), List.of(image));
    var path = "/v1/images/" + image.id();
    if (!status.equals("available") && !status.equals("pending") && !status.equals("failed")) {
      assertThat(
              api.post(path + "/" + (status.equals("deprecated") ? "deprecate" : "obsolete"), null)
                  .status())
          .isEqualTo(204);
    }

    var response =
        switch (action) {
          case "deprecate", "obsolete" -> api.post(path + "/" + action, null);
          case "schedule" ->
              api.patch(
                  path, obj("obsolescence_at", Instant.now().plusSeconds(30 * 86400).toString()));
          case "clear" -> api.patch(path, nulls("deprecation_at", "obsolescence_at"));
          case "delete" -> api.delete(path);
          default -> throw new IllegalArgumentException(action);
        };

    assertThat(response.status()).as(response.raw()).isEqualTo(expected);
    if (expected == 409) {
      assertThat(response.errorCode()).isEqualTo("invalid_state");
      assertThat(response.errorMessage()).isNotBlank();
    }
    if (after.equals("gone")) {
      api.awaitStatus(path, 404);
    } else {
      assertThat(api.get(path).body().path("status").asText()).isEqualTo(after);
    }
  }

  @Test
  void the_scheduler_applies_dates_within_a_second_of_their_time() throws Exception {
    var id = available("timed");
    var due = Instant.now().plusMillis(1500);
    var obsolete = due.plusMillis(1000);
    var patched =
        api.patch(
            "/v1/images/" + id,
            obj("deprecation_at", due.toString(), "obsolescence_at", obsolete.toString()));
    assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
    var deprecatedAt = waitForStatus(id, "deprecated");
    assertThat(deprecatedAt).isAfterOrEqualTo(due).isBefore(due.plusMillis(1000));
    var obsoleteAt = waitForStatus(id, "obsolete");
    assertThat(obsoleteAt).isAfterOrEqualTo(obsolete).isBefore(obsolete.plusMillis(1000));
  }

  @Test
  void provisioning_refuses_obsolete_images_and_warns_about_deprecated_ones() throws Exception {
    var file = server.dataDir().resolve("import").resolve("lifecycle.img");
    Files.write(file, new byte[] {1, 2, 3, 4});
    var id =
        api.post(
                "/v1/images",
                obj(
                    "name",
                    "provisioned",
                    "file",
                    obj("href", file.toUri().toString()),
                    "operating_system",
                    obj("name", "debian-12-amd64")))
            .body()
            .path("id")
            .asText();
    api.awaitField("/v1/images/" + id, "status", "available");
    api.post("/v1/images/" + id + "/deprecate", null);
    var warned =
        api.post(
            "/v1/instances",
            obj(
                "name",
                "from-deprecated",
                "zone",
                obj("name", "us-south-1"),
                "image",
                obj("id", id),
                "primary_network_interface",
                obj("subnet", obj("id", subnet))));
    assertThat(warned.status()).isEqualTo(201);
    assertThat(warned.header("Warning"))
        .startsWith("299 imprint \"Image provisioned is deprecated");
    api.post("/v1/images/" + id + "/obsolete", null);
    var refused =
        api.post(
            "/v1/instances",
            obj(
                "name",
                "from-obsolete",
                "zone",
                obj("name", "us-south-1"),
                "image",
                obj("id", id),
                "primary_network_interface",
                obj("subnet", obj("id", subnet))));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorCode()).isEqualTo("image_not_usable");
    assertThat(refused.errorTarget()).isEqualTo("image");
  }

  @Test
  void a_date_that_passed_while_the_server_was_down_applies_at_start() throws Exception {
    var dir = Files.createTempDirectory("imprint-lifecycle");
    try {
      String id;
      try (var first = TestServer.startOn(dir)) {
        var g =
            first
                .api()
                .raw("GET", "/v2/resource_groups", null, null, Map.of())
                .body()
                .at("/resources/0/id")
                .asText();
        // nothing runs the lifecycle from here on, as if the server were down when the date passed
        first.server().jobs().pause();
        first.runDueJobs();
        var image =
            Images.custom("overdue", ImageStatus.AVAILABLE, g, Instant.now().minusSeconds(60));
        Images.insert(first.server().store(), List.of(image));
        id = image.id();
      }
      try (var second = TestServer.startOn(dir)) {
        assertThat(second.api().awaitField("/v1/images/" + id, "status", "deprecated").status())
            .isEqualTo(200);
      }
    } finally {
      TestServer.deleteTree(dir);
    }
  }

  @Test
  void without_a_status_filter_every_status_is_listed_and_the_filter_narrows() {
    var a = available("list-a");
    api.post("/v1/images/" + a + "/deprecate", null);
    var listed = api.get("/v1/images?status=deprecated,obsolete").body().path("images");
    assertThat(listed)
        .allMatch(i -> List.of("deprecated", "obsolete").contains(i.path("status").asText()));
    assertThat(api.get("/v1/images?name=list-a").body().at("/images/0/status").asText())
        .isEqualTo("deprecated");
  }

  @Test
  void due_dates_apply_exactly_once_under_racing_schedulers() throws Exception {
    var past = Instant.now().minusSeconds(60);
    var images = new ArrayList<Image>();
    for (int i = 0; i < 300; i++) {
      images.add(Images.custom("overdue-" + i, ImageStatus.AVAILABLE, group, past));
    }
    Images.insert(server.server().store(), images);
    var service = server.server().images().lifecycle();
    // three threads apply the dates directly while the engine runs its lifecycle task too
    server.server().jobs().wake(LifecycleTask.NAME);
    var racers = new ArrayList<Callable<Integer>>();
    for (int t = 0; t < 3; t++) {
      racers.add(service::applyDueLifecycle);
    }
    racers.add(server.server().jobs()::runDueNow);
    try (var pool = Executors.newFixedThreadPool(racers.size())) {
      for (var f : pool.invokeAll(racers)) {
        f.get();
      }
    }
    // and whatever the engine's own workers had under way has ended
    server.runDueJobs();
    var ids = images.stream().map(Image::id).collect(Collectors.toSet());
    var transitions =
        new Outbox(server.server())
            .all().stream()
                .filter(
                    e ->
                        e.action().equals("is.image.image.deprecate")
                            && e.initiator().name().equals("schedule"))
                .map(e -> e.target().crn().substring(e.target().crn().lastIndexOf(':') + 1))
                .filter(ids::contains)
                .toList();
    assertThat(transitions).hasSize(300).doesNotHaveDuplicates();
    assertThat(api.get("/v1/images?name=overdue-299").body().at("/images/0/status").asText())
        .isEqualTo("deprecated");
  }

  @Test
  void instances_and_volumes_outlive_their_deleted_image() throws Exception {
    var file = server.dataDir().resolve("import").resolve("short-lived.img");
    Files.write(file, new byte[] {9, 9, 9});
    var id =
        api.post(
                "/v1/images",
                obj(
                    "name",
                    "short-lived",
                    "file",
                    obj("href", file.toUri().toString()),
                    "operating_system",
                    obj("name", "debian-12-amd64")))
            .body()
            .path("id")
            .asText();
    api.awaitField("/v1/images/" + id, "status", "available");
    var instance =
        api.post(
                "/v1/instances",
                obj(
                    "name",
                    "outliver",
                    "zone",
                    obj("name", "us-south-1"),
                    "image",
                    obj("id", id),
                    "primary_network_interface",
                    obj("subnet", obj("id", subnet))))
            .body();
    assertThat(api.delete("/v1/images/" + id).status()).isEqualTo(202);
    var after = api.get("/v1/instances/" + instance.path("id").asText());
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.body().at("/image/deleted/more_info").asText()).isNotBlank();
    var volume =
        api.get("/v1/volumes/" + instance.at("/boot_volume_attachment/volume/id").asText()).body();
    assertThat(volume.at("/source_image/deleted/more_info").asText()).isNotBlank();
    var content =
        api.getBytes(
                "/imprint/v1/volumes/" + volume.path("id").asText() + "/content",
                Map.of("Range", "bytes=0-2"))
            .body();
    assertThat(content).containsExactly(9, 9, 9);
  }

  /**
   * When the image is seen in {@code status}. This test is about real elapsed time (the engine's
   * workers wake at a date's moment of their own accord, with no clock moved and no due work run
   * for them), so it looks every 10 ms.
   */
  private static Instant waitForStatus(String id, String status) throws Exception {
    return Poll.until(
        Duration.ofSeconds(10),
        Duration.ofMillis(10),
        () ->
            api.get("/v1/images/" + id).body().path("status").asText().equals(status)
                ? Optional.of(Instant.now())
                : Optional.<Instant>empty(),
        () -> id + " never became " + status);
  }
}
