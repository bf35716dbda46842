package io.imprint.server;

import static io.imprint.server.Api.obj;
import static io.imprint.server.Encryption.bootVolume;
import static io.imprint.server.Encryption.idOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A customer root key disabled, enabled again and deleted (issue 19): what it protects becomes
 * {@code unusable} with {@code encryption_key_disabled} or {@code encryption_key_deleted}, refuses
 * every use with a 409 naming the key, comes back as it was when the key is enabled, and never
 * after a delete; the lifecycle scheduler leaves it alone meanwhile.
 */
class KeyDisableApiTest {
  static TestServer server;
  static Api api;
  static Encryption crk;
  static String stockImage;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("job-workers", "2", "clock", "virtual"));
    api = server.api();
    crk = new Encryption(api);
    stockImage =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body().at("/images/0/id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A key, an instance whose boot volume it protects, and {@code images} captured from it. */
  record Protected(String keyCrn, String volume, List<JsonNode> images) {}

  static Protected protectedBy(String name, int images) {
    var keyCrn = crk.key(name + "-key");
    var instance = crk.stoppedInstance(name, keyCrn, stockImage);
    var volume = bootVolume(instance);
    var captured = new ArrayList<JsonNode>();
    for (int i = 0; i < images; i++) {
      var created = crk.capture(name + "-image-" + i, volume, null);
      assertThat(created.status()).as(created.raw()).isEqualTo(201);
      var id = created.body().path("id").asText();
      captured.add(api.awaitField("/v1/images/" + id, "status", "available").body());
    }
    return new Protected(keyCrn, volume, captured);
  }

  static JsonNode image(JsonNode image) {
    return api.get("/v1/images/" + image.path("id").asText()).body();
  }

  static JsonNode volume(String id) {
    return api.get("/v1/volumes/" + id).body();
  }

  static String reason(JsonNode resource) {
    return resource.at("/status_reasons/0/code").asText();
  }

  static Api.Response createInstance(String name, String image) {
    return api.post(
        "/v1/instances",
        obj(
            "name",
            name,
            "zone",
            obj("name", "us-south-1"),
            "image",
            obj("id", image),
            "primary_network_interface",
            obj("subnet", obj("id", crk.subnet()))));
  }

  static void assertRefusedNamingKey(Api.Response response, String keyCrn) {
    assertThat(response.status()).as(response.raw()).isEqualTo(409);
    assertThat(response.body().at("/errors/0/code").asText()).isEqualTo("invalid_state");
    assertThat(response.body().at("/errors/0/message").asText())
        .contains("root key", "/api/v2/keys/" + idOf(keyCrn));
    assertThat(response.body().at("/errors/0/target/name").asText())
        .isEqualTo("encryption_key.crn");
  }

  static List<String> actions(JsonNode resource) {
    var crn = URLEncoder.encode(resource.path("crn").asText(), StandardCharsets.UTF_8);
    var list = new ArrayList<String>();
    api.get("/imprint/v1/events?target.crn=" + crn)
        .body()
        .path("events")
        .forEach(e -> list.add(e.path("action").asText()));
    return list.reversed();
  }

  @Test
  void disabling_a_key_makes_its_images_and_volumes_unusable_until_it_is_enabled_again() {
    var p = protectedBy("dis", 2);
    var plain = p.images().get(0);
    var deprecated = p.images().get(1);
    assertThat(
            api.post("/v1/images/" + deprecated.path("id").asText() + "/deprecate", null).status())
        .isEqualTo(204);

    assertThat(crk.keyAction(p.keyCrn(), "disable").status()).isEqualTo(204);

    for (var image : p.images()) {
      var now = image(image);
      assertThat(now.path("status").asText()).isEqualTo("unusable");
      assertThat(reason(now)).isEqualTo("encryption_key_disabled");
      assertThat(actions(now)).last().isEqualTo("is.image.image.update");
    }
    var vol = volume(p.volume());
    assertThat(vol.path("status").asText()).isEqualTo("unusable");
    assertThat(reason(vol)).isEqualTo("encryption_key_disabled");
    assertThat(actions(vol)).last().isEqualTo("is.volume.volume.update");

    var imageId = plain.path("id").asText();
    assertRefusedNamingKey(createInstance("from-unusable", imageId), p.keyCrn());
    assertRefusedNamingKey(
        api.raw("GET", "/imprint/v1/images/" + imageId + "/content", null, null, Map.of()),
        p.keyCrn());
    assertRefusedNamingKey(
        api.raw("GET", "/imprint/v1/volumes/" + p.volume() + "/content", null, null, Map.of()),
        p.keyCrn());
    assertRefusedNamingKey(crk.capture("from-unusable-volume", p.volume(), null), p.keyCrn());
    assertRefusedNamingKey(api.post("/v1/images/" + imageId + "/deprecate", null), p.keyCrn());
    assertRefusedNamingKey(api.post("/v1/images/" + imageId + "/obsolete", null), p.keyCrn());
    assertRefusedNamingKey(
        api.patch("/v1/images/" + imageId, obj("deprecation_at", "2099-01-01T00:00:00Z")),
        p.keyCrn());

    assertThat(crk.keyAction(p.keyCrn(), "enable").status()).isEqualTo(204);

    assertThat(image(plain).path("status").asText()).isEqualTo("available");
    assertThat(image(plain).path("status_reasons")).isEmpty();
    assertThat(image(deprecated).path("status").asText()).isEqualTo("deprecated");
    assertThat(volume(p.volume()).path("status").asText()).isEqualTo("available");
    assertThat(volume(p.volume()).path("status_reasons")).isEmpty();
    var readBack = EncryptedDownloads.download(api, imageId);
    assertThat(readBack.qcow2()).isNotEmpty();
  }

  @Test
  void disabling_the_key_of_a_capture_under_way_stops_it_and_fails_the_image_naming_the_key() {
    var keyCrn = crk.key("pending-key");
    var sameKey = Encryption.bootVolume(crk.stoppedInstance("pending-crk", keyCrn, stockImage));
    var rekeyed = Encryption.bootVolume(crk.stoppedInstance("pending-plain", null, stockImage));
    server.server().jobs().pause();
    try {
      var images =
          List.of(
              crk.capture("pending-same-key", sameKey, null).body(),
              crk.capture("pending-rekeyed", rekeyed, keyCrn).body());

      assertThat(crk.keyAction(keyCrn, "disable").status()).isEqualTo(204);

      for (var created : images) {
        var failed = image(created);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(reason(failed)).isEqualTo("encryption_key_disabled");
        assertThat(failed.at("/status_reasons/0/message").asText())
            .contains(keyCrn, "was disabled before the image was ready");
        var job = api.get("/imprint/v1/images/" + created.path("id").asText() + "/capture").body();
        assertThat(job.path("state").asText()).isEqualTo("cancelled");
      }
      assertThat(volume(rekeyed).path("busy").asBoolean()).isFalse();
      assertThat(volume(sameKey).path("status").asText()).isEqualTo("unusable");
    } finally {
      server.server().jobs().resume();
    }
    // enabling the key brings back what had content, not a creation it stopped
    assertThat(crk.keyAction(keyCrn, "enable").status()).isEqualTo(204);
    assertThat(volume(sameKey).path("status").asText()).isEqualTo("available");
    var again = crk.capture("after-enable", rekeyed, keyCrn);
    assertThat(again.status()).as(again.raw()).isEqualTo(201);
    assertThat(
            api.awaitField("/v1/images/" + again.body().path("id").asText(), "status", "available")
                .status())
        .isEqualTo(200);
  }

  @Test
  void disabling_the_key_of_a_volume_captured_under_another_key_fails_the_image_with_that_reason() {
    var sourceKey = crk.key("source-key");
    var imageKey = crk.key("image-key");
    var volume = Encryption.bootVolume(crk.stoppedInstance("source-crk", sourceKey, stockImage));
    crk.fill(volume, 19);
    String id;
    server.server().jobs().pause();
    try {
      var created = crk.capture("rekeyed-from-disabled", volume, imageKey);
      assertThat(created.status()).as(created.raw()).isEqualTo(201);
      id = created.body().path("id").asText();

      assertThat(crk.keyAction(sourceKey, "disable").status()).isEqualTo(204);
    } finally {
      server.server().jobs().resume();
    }

    var failed = api.awaitField("/v1/images/" + id, "status", "failed").body();
    assertThat(reason(failed)).isEqualTo("encryption_key_disabled");
    assertThat(failed.at("/status_reasons/0/message").asText())
        .contains(sourceKey, "source-crk-boot", "was disabled while its data was being copied");
    assertThat(volume(volume).path("busy").asBoolean()).isFalse();
    assertThat(crk.keyAction(sourceKey, "enable").status()).isEqualTo(204);
    var again = crk.capture("rekeyed-after-enable", volume, imageKey);
    assertThat(again.status()).as(again.raw()).isEqualTo(201);
    assertThat(
            api.awaitField("/v1/images/" + again.body().path("id").asText(), "status", "available")
                .status())
        .isEqualTo(200);
  }

  @Test
  void deleting_a_key_by_force_makes_what_it_protects_unusable_for_good() {
    var p = protectedBy("del", 1);
    var image = p.images().getFirst();
    assertThat(crk.keyAction(p.keyCrn(), "disable").status()).isEqualTo(204);

    var deleted =
        api.raw(
            "DELETE",
            "/api/v2/keys/" + idOf(p.keyCrn()) + "?force=true",
            null,
            null,
            KeyProtect.instance());
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);

    assertThat(image(image).path("status").asText()).isEqualTo("unusable");
    assertThat(reason(image(image))).isEqualTo("encryption_key_deleted");
    assertThat(reason(volume(p.volume()))).isEqualTo("encryption_key_deleted");
    var wrappings =
        server.server().store().read(tx -> tx.disks().dataKeysWrappedBy(p.keyCrn(), null, 100));
    assertThat(wrappings).as("the data keys it wrapped").isNotEmpty();
    assertThat(wrappings).allSatisfy(k -> assertThat(k.wrapped()).as("erased").isEmpty());
    assertThat(crk.keyAction(p.keyCrn(), "enable").status()).isEqualTo(409);
    assertThat(reason(image(image))).isEqualTo("encryption_key_deleted");
    assertRefusedNamingKey(
        createInstance("from-deleted-key", image.path("id").asText()), p.keyCrn());
    assertRefusedNamingKey(
        api.raw(
            "GET",
            "/imprint/v1/images/" + image.path("id").asText() + "/content",
            null,
            null,
            Map.of()),
        p.keyCrn());
    // what cannot be used any more can still be deleted
    assertThat(api.delete("/v1/images/" + image.path("id").asText()).status()).isEqualTo(202);
  }

  @Test
  void a_deprecation_that_falls_due_while_the_key_is_disabled_applies_when_it_returns() {
    var p = protectedBy("sched", 1);
    var image = p.images().getFirst();
    var now = Instant.parse(api.get("/imprint/v1/clock").body().path("now").asText());
    var due = now.plus(Duration.ofDays(1)).toString();
    assertThat(
            api.patch("/v1/images/" + image.path("id").asText(), obj("deprecation_at", due))
                .status())
        .isEqualTo(200);
    assertThat(crk.keyAction(p.keyCrn(), "disable").status()).isEqualTo(204);

    assertThat(api.post("/imprint/v1/clock", obj("advance", "P2D")).status()).isEqualTo(200);
    server.runDueJobs();
    assertThat(image(image).path("status").asText()).isEqualTo("unusable");
    assertThat(actions(image)).doesNotContain("is.image.image.deprecate");

    assertThat(crk.keyAction(p.keyCrn(), "enable").status()).isEqualTo(204);
    assertThat(image(image).path("status").asText()).isEqualTo("deprecated");
    assertThat(actions(image)).endsWith("is.image.image.update", "is.image.image.deprecate");
  }
}
