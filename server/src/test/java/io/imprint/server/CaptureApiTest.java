package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.domain.image.ImageLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Images from the boot volume of a stopped instance: the whole story, every precondition, cancel
 * and races.
 */
class CaptureApiTest {
  static final int CHUNK = 4 << 20;
  static TestServer server;
  static Api api;
  static String subnet;
  static String stockImage;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("job-workers", "4"));
    api = server.api();
    subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    stockImage =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body().at("/images/0/id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void resumeJobs() {
    server.server().jobs().resume();
  }

  static JsonNode stoppedInstance(String name) {
    var instance =
        api.post(
                "/v1/instances",
                obj(
                    "name",
                    name,
                    "zone",
                    obj("name", "us-south-1"),
                    "image",
                    obj("id", stockImage),
                    "primary_network_interface",
                    obj("subnet", obj("id", subnet))))
            .body();
    var id = instance.path("id").asText();
    api.post("/v1/instances/" + id + "/actions", obj("type", "stop", "force", true));
    return api.awaitField("/v1/instances/" + id, "status", "stopped").body();
  }

  static String bootVolume(JsonNode instance) {
    return instance.at("/boot_volume_attachment/volume/id").asText();
  }

  static byte[] read(String path, long length) {
    return api.getBytes(path, Map.of("Range", "bytes=0-" + (length - 1))).body();
  }

  @Test
  void the_whole_story_from_a_stopped_instance_to_a_new_instance_from_its_image() {
    var instance = stoppedInstance("story-vm");
    var volume = bootVolume(instance);
    var data = new byte[2 * CHUNK];
    new Random(3).nextBytes(data);
    assertThat(
            api.putBytes("/imprint/v1/volumes/" + volume + "/content?offset=" + CHUNK, data)
                .status())
        .isEqualTo(200);
    var captured = read("/imprint/v1/volumes/" + volume + "/content", 3L * CHUNK);

    var created =
        api.post("/v1/images", obj("name", "story-image", "source_volume", obj("id", volume)));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    var image = created.body();
    assertThat(image.path("status").asText()).isEqualTo("pending");
    assertThat(image.at("/status_reasons/0/code").asText()).isEqualTo("image_request_queued");
    assertThat(image.path("visibility").asText()).isEqualTo("private");
    assertThat(image.path("file").isObject()).isTrue();
    assertThat(image.at("/source_volume/id").asText()).isEqualTo(volume);
    assertThat(image.at("/operating_system/name").asText()).isEqualTo("debian-12-amd64");
    assertThat(image.path("encryption").asText()).isEqualTo("none");
    assertThat(image.path("minimum_provisioned_size").asInt()).isEqualTo(100);
    var id = image.path("id").asText();

    var available = api.awaitField("/v1/images/" + id, "status", "available").body();
    assertThat(available.at("/file/checksums/sha256").asText()).hasSize(64);
    assertThat(available.at("/file/size").asInt()).isEqualTo(1);
    assertThat(available.path("status_reasons")).isEmpty();
    var progress =
        api.awaitField("/imprint/v1/images/" + id + "/capture", "state", "succeeded").body();
    assertThat(progress.path("state").asText()).isEqualTo("succeeded");
    assertThat(progress.path("bytes_done").asLong())
        .isEqualTo(progress.path("bytes_total").asLong())
        .isPositive();
    var released = api.get("/v1/instances/" + instance.path("id").asText()).body();
    assertThat(released.path("status_reasons")).isEmpty();
    assertThat(released.path("startable").asBoolean()).isTrue();
    assertThat(api.get("/v1/volumes/" + volume).body().path("busy").asBoolean()).isFalse();

    // writes to the volume after the capture never reach the image
    assertThat(
            api.putBytes("/imprint/v1/volumes/" + volume + "/content?offset=0", new byte[CHUNK])
                .status())
        .isEqualTo(200);
    assertThat(read("/imprint/v1/images/" + id + "/content", 3L * CHUNK)).isEqualTo(captured);

    // the image outlives its instance and volume
    assertThat(api.delete("/v1/instances/" + instance.path("id").asText()).status()).isEqualTo(204);
    assertThat(api.get("/v1/volumes/" + volume).status()).isEqualTo(404);
    assertThat(api.get("/v1/images/" + id).body().at("/source_volume/deleted/more_info").asText())
        .isNotBlank();
    assertThat(read("/imprint/v1/images/" + id + "/content", 3L * CHUNK)).isEqualTo(captured);

    // a new instance boots from a volume holding exactly the captured content
    var second =
        api.post(
            "/v1/instances",
            obj(
                "name",
                "from-story",
                "zone",
                obj("name", "us-south-1"),
                "image",
                obj("id", id),
                "primary_network_interface",
                obj("subnet", obj("id", subnet))));
    assertThat(second.status()).as(second.raw()).isEqualTo(201);
    var newBoot = second.body().at("/boot_volume_attachment/volume/id").asText();
    var newVolume = api.get("/v1/volumes/" + newBoot).body();
    assertThat(newVolume.at("/source_image/id").asText()).isEqualTo(id);
    assertThat(newVolume.at("/operating_system/name").asText()).isEqualTo("debian-12-amd64");
    assertThat(read("/imprint/v1/volumes/" + newBoot + "/content", 3L * CHUNK)).isEqualTo(captured);
  }

  @Test
  void every_step_of_a_capture_is_an_event_with_its_initiator() {
    var instance = stoppedInstance("events-vm");
    var instanceId = instance.path("id").asText();
    var volume = bootVolume(instance);
    var id =
        api.post("/v1/images", obj("name", "events-image", "source_volume", obj("id", volume)))
            .body()
            .path("id")
            .asText();
    // the last steps commit with the status that makes the image available
    api.awaitField("/v1/images/" + id, "status", "available");
    var outbox = new Outbox(server.server());
    assertThat(outbox.summary(id))
        .containsExactly(
            "is.image.image.create pending by admin -> pending",
            "is.image.image.create pending by job -> pending",
            "is.image.image.create success by job -> available");
    assertThat(outbox.about(id).get(1).exchange().responseData())
        .containsEntry("statusReason", "image_request_in_progress");
    assertThat(outbox.about(volume))
        .extracting(e -> e.action() + " busy=" + e.exchange().responseData().get("busy"))
        .endsWith("is.volume.volume.update busy=true", "is.volume.volume.update busy=false");
    var instanceEvents = outbox.about(instanceId);
    assertThat(instanceEvents.get(instanceEvents.size() - 2).exchange().responseData())
        .containsEntry("statusReason", "stopped_for_image_creation");
    assertThat(instanceEvents.getLast().initiator().name()).isEqualTo("capture");
  }

  @Test
  void while_a_capture_waits_the_volume_is_busy_and_the_instance_cannot_start_or_be_deleted() {
    var instance = stoppedInstance("held-vm");
    var volume = bootVolume(instance);
    server.server().jobs().pause();
    var image =
        api.post("/v1/images", obj("name", "held-image", "source_volume", obj("id", volume)))
            .body()
            .path("id")
            .asText();
    assertThat(api.get("/v1/volumes/" + volume).body().path("busy").asBoolean()).isTrue();
    var held = api.get("/v1/instances/" + instance.path("id").asText()).body();
    assertThat(held.path("status").asText()).isEqualTo("stopped");
    assertThat(held.at("/status_reasons/0/code").asText()).isEqualTo("stopped_for_image_creation");
    assertThat(held.path("startable").asBoolean()).isFalse();
    var start =
        api.post(
            "/v1/instances/" + instance.path("id").asText() + "/actions", obj("type", "start"));
    assertThat(start.status()).isEqualTo(409);
    assertThat(start.errorCode()).isEqualTo("instance_stopped_for_image_creation");
    assertThat(api.delete("/v1/instances/" + instance.path("id").asText()).status()).isEqualTo(409);
    assertThat(api.get("/imprint/v1/images/" + image + "/capture").body().path("state").asText())
        .isEqualTo("queued");
    var again =
        api.post("/v1/images", obj("name", "held-twice", "source_volume", obj("id", volume)));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("volume_busy");
    server.server().jobs().resume();
    api.awaitField("/v1/images/" + image, "status", "available");
    assertThat(
            api.post(
                    "/v1/instances/" + instance.path("id").asText() + "/actions",
                    obj("type", "start"))
                .status())
        .isEqualTo(201);
  }

  @Test
  void deleting_a_queued_capture_cancels_it_and_releases_the_instance() {
    var instance = stoppedInstance("cancel-vm");
    var volume = bootVolume(instance);
    server.server().jobs().pause();
    var image =
        api.post("/v1/images", obj("name", "cancelled-image", "source_volume", obj("id", volume)))
            .body()
            .path("id")
            .asText();
    assertThat(api.delete("/v1/images/" + image).status()).isEqualTo(202);
    assertThat(api.get("/v1/images/" + image).status()).isEqualTo(404);
    assertThat(api.get("/v1/volumes/" + volume).body().path("busy").asBoolean()).isFalse();
    assertThat(
            api.get("/v1/instances/" + instance.path("id").asText())
                .body()
                .path("startable")
                .asBoolean())
        .isTrue();
  }

  @Test
  void an_image_whose_creation_is_in_progress_can_be_deleted_and_its_capture_stops() {
    var instance = stoppedInstance("in-progress-vm");
    var volume = bootVolume(instance);
    server.server().jobs().pause();
    var id =
        api.post("/v1/images", obj("name", "in-progress", "source_volume", obj("id", volume)))
            .body()
            .path("id")
            .asText();
    // the state a worker is in between claiming the job and finishing it
    server
        .server()
        .store()
        .write(
            tx -> {
              var image = tx.images().get(id).orElseThrow();
              assertThat(tx.images().update(ImageLifecycle.creationStarted(image))).isTrue();
              return null;
            });
    assertThat(api.delete("/v1/images/" + id).status()).isEqualTo(202);
    assertThat(api.get("/v1/images/" + id).status()).isEqualTo(404);
    var job =
        server
            .server()
            .store()
            .read(tx -> tx.jobs().findByResource("image.capture", id))
            .orElseThrow();
    assertThat(job.state().wire()).isEqualTo("cancelled");
    assertThat(job.error()).isEqualTo("the image was deleted");
    // the boot volume is free again: another capture of it is accepted
    var again =
        api.post(
            "/v1/images", obj("name", "in-progress-again", "source_volume", obj("id", volume)));
    assertThat(again.status()).as(again.raw()).isEqualTo(201);
  }

  @Test
  void the_cancel_extension_leaves_the_image_failed_with_a_reason_or_deletes_it() {
    var instance = stoppedInstance("ext-cancel-vm");
    var volume = bootVolume(instance);
    server.server().jobs().pause();
    var image =
        api.post("/v1/images", obj("name", "ext-cancelled", "source_volume", obj("id", volume)))
            .body()
            .path("id")
            .asText();
    assertThat(api.post("/imprint/v1/images/" + image + "/capture/cancel", obj()).status())
        .isEqualTo(202);
    var failed = api.get("/v1/images/" + image).body();
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.at("/status_reasons/0/message").asText()).contains("cancelled");
    assertThat(api.get("/imprint/v1/images/" + image + "/capture").body().path("state").asText())
        .isEqualTo("cancelled");
    assertThat(api.get("/v1/volumes/" + volume).body().path("busy").asBoolean()).isFalse();
    var second =
        api.post("/v1/images", obj("name", "ext-deleted", "source_volume", obj("id", volume)))
            .body()
            .path("id")
            .asText();
    assertThat(
            api.post("/imprint/v1/images/" + second + "/capture/cancel?delete=true", obj())
                .status())
        .isEqualTo(202);
    assertThat(api.get("/v1/images/" + second).status()).isEqualTo(404);
    assertThat(api.post("/imprint/v1/images/" + image + "/capture/cancel", obj()).status())
        .isEqualTo(409);
  }

  @Test
  void every_precondition_has_its_own_error_and_writes_nothing() {
    int images = api.get("/v1/images?visibility=private").body().path("total_count").asInt();
    var missing =
        api.post(
            "/v1/images",
            obj("source_volume", obj("id", "r006-00000000-0000-4000-8000-000000000000")));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.errorCode()).isEqualTo("not_found");
    assertThat(missing.errorTarget()).isEqualTo("source_volume");

    var running =
        api.post(
                "/v1/instances",
                obj(
                    "name",
                    "running-vm",
                    "zone",
                    obj("name", "us-south-1"),
                    "image",
                    obj("id", stockImage),
                    "primary_network_interface",
                    obj("subnet", obj("id", subnet))))
            .body();
    var runningCapture =
        api.post("/v1/images", obj("source_volume", obj("id", bootVolume(running))));
    assertThat(runningCapture.status()).isEqualTo(409);
    assertThat(runningCapture.errorCode()).isEqualTo("instance_not_stopped");

    var data =
        api.post(
                "/v1/volumes",
                obj(
                    "capacity",
                    100,
                    "profile",
                    obj("name", "general-purpose"),
                    "zone",
                    obj("name", "us-south-1")))
            .body();
    var dataCapture =
        api.post("/v1/images", obj("source_volume", obj("id", data.path("id").asText())));
    assertThat(dataCapture.status()).isEqualTo(400);
    assertThat(dataCapture.errorCode()).isEqualTo("source_volume_no_operating_system");
    var stopped = stoppedInstance("precondition-vm");
    api.post(
        "/v1/instances/" + stopped.path("id").asText() + "/volume_attachments",
        obj("volume", obj("id", data.path("id").asText())));
    assertThat(
            api.post("/v1/images", obj("source_volume", obj("id", data.path("id").asText())))
                .errorCode())
        .isEqualTo("source_volume_not_boot");

    var boot = bootVolume(stopped);
    assertThat(
            api.post("/v1/images", obj("name", "ibm-mine", "source_volume", obj("id", boot)))
                .errorCode())
        .isEqualTo("validation_invalid_name");
    assertThat(
            api.post("/v1/images", obj("name", "Not Valid", "source_volume", obj("id", boot)))
                .errorCode())
        .isEqualTo("validation_invalid_name");
    assertThat(
            api.post(
                    "/v1/images",
                    obj(
                        "name",
                        "ibm-debian-12-minimal-amd64-1".substring(4),
                        "source_volume",
                        obj("id", boot),
                        "deprecation_at",
                        "2001-01-01T00:00:00Z"))
                .errorTarget())
        .isEqualTo("deprecation_at");
    assertThat(
            api.post(
                    "/v1/images",
                    obj(
                        "source_volume",
                        obj("id", boot),
                        "deprecation_at",
                        "2099-01-02T00:00:00Z",
                        "obsolescence_at",
                        "2099-01-01T00:00:00+05:30"))
                .errorTarget())
        .isEqualTo("obsolescence_at");
    assertThat(
            api.post(
                    "/v1/images",
                    obj(
                        "source_volume",
                        obj("id", boot),
                        "resource_group",
                        obj("id", "0".repeat(32))))
                .errorTarget())
        .isEqualTo("resource_group.id");
    assertThat(
            api.post(
                    "/v1/images",
                    obj("source_volume", obj("id", boot), "file", obj("href", "file:///x")))
                .errorCode())
        .isEqualTo("validation_only_one");
    assertThat(api.post("/v1/images", obj("name", "no-source")).errorCode())
        .isEqualTo("validation_only_one");
    var big = stoppedInstanceWithCapacity("big-vm", 250);
    assertThat(api.post("/v1/images", obj("source_volume", obj("id", bootVolume(big)))).status())
        .isEqualTo(201);

    assertThat(api.get("/v1/images?visibility=private").body().path("total_count").asInt())
        .isEqualTo(images + 1);
    assertThat(api.get("/v1/volumes/" + boot).body().path("busy").asBoolean()).isFalse();
  }

  @Test
  void a_reference_by_crn_or_href_works_and_a_duplicate_name_is_refused() {
    var instance = stoppedInstance("by-crn-vm");
    var volume = api.get("/v1/volumes/" + bootVolume(instance)).body();
    var byCrn =
        api.post(
            "/v1/images",
            obj("name", "by-crn", "source_volume", obj("crn", volume.path("crn").asText())));
    assertThat(byCrn.status()).as(byCrn.raw()).isEqualTo(201);
    api.awaitField("/v1/images/" + byCrn.body().path("id").asText(), "status", "available");
    var byHref =
        api.post(
            "/v1/images",
            obj("name", "by-crn", "source_volume", obj("href", volume.path("href").asText())));
    assertThat(byHref.errorCode()).isEqualTo("validation_unique_failed");
  }

  @Test
  void two_captures_of_one_volume_at_once_let_one_win() throws Exception {
    var volume = bootVolume(stoppedInstance("race-vm"));
    // held in the queue, so the first capture cannot finish (and free the volume) before the second
    // arrives
    server.server().jobs().pause();
    var statuses =
        Races.race(
            List.of(
                () ->
                    api.post(
                            "/v1/images", obj("name", "race-a", "source_volume", obj("id", volume)))
                        .status(),
                () ->
                    api.post(
                            "/v1/images", obj("name", "race-b", "source_volume", obj("id", volume)))
                        .status()));
    assertThat(statuses).containsExactlyInAnyOrder(201, 409);
  }

  @Test
  void twenty_captures_of_different_volumes_at_once_all_succeed() throws Exception {
    var volumes = new ArrayList<String>();
    for (int i = 0; i < 20; i++) {
      volumes.add(bootVolume(stoppedInstance("many-" + i)));
    }
    var calls = new ArrayList<Callable<Integer>>();
    for (int i = 0; i < 20; i++) {
      var v = volumes.get(i);
      var n = i;
      calls.add(
          () ->
              api.post("/v1/images", obj("name", "many-image-" + n, "source_volume", obj("id", v)))
                  .status());
    }
    assertThat(Races.race(calls)).containsOnly(201);
    for (int i = 0; i < 20; i++) {
      var id = api.get("/v1/images?name=many-image-" + i).body().at("/images/0/id").asText();
      api.awaitField("/v1/images/" + id, "status", "available");
    }
  }

  static JsonNode stoppedInstanceWithCapacity(String name, int capacity) {
    var instance =
        api.post(
                "/v1/instances",
                obj(
                    "name",
                    name,
                    "zone",
                    obj("name", "us-south-1"),
                    "image",
                    obj("id", stockImage),
                    "primary_network_interface",
                    obj("subnet", obj("id", subnet)),
                    "boot_volume_attachment",
                    obj(
                        "volume",
                        obj("capacity", capacity, "profile", obj("name", "general-purpose")))))
            .body();
    api.post(
        "/v1/instances/" + instance.path("id").asText() + "/actions",
        obj("type", "stop", "force", true));
    return api.awaitField("/v1/instances/" + instance.path("id").asText(), "status", "stopped")
        .body();
  }
}
