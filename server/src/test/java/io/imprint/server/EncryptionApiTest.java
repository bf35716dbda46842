package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Customer root keys on volumes and images (issue 19): {@code encryption_key} at creation, the
 * shapes, the registrations that keep a key in use from being deleted, the capture's table (same
 * key copy-on-write, another key re-encrypts), and the content reading back byte for byte.
 */
class EncryptionApiTest {
  static TestServer server;
  static Api api;
  static Encryption crk;
  static String stockImage;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("job-workers", "2"));
    api = server.api();
    crk = new Encryption(api);
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

  @Test
  void a_volume_created_with_a_root_key_is_user_managed_and_its_key_cannot_be_deleted_meanwhile() {
    var crn = crk.key("volume-key");
    var created =
        api.post(
            "/v1/volumes",
            obj(
                "name",
                "crk-data",
                "capacity",
                10,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1"),
                "encryption_key",
                obj("crn", crn)));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    var volume = created.body();
    assertThat(volume.path("encryption").asText()).isEqualTo("user_managed");
    assertThat(volume.at("/encryption_key/crn").asText()).isEqualTo(crn);
    var id = volume.path("id").asText();
    assertThat(crk.registrations(crn)).containsExactly(volume.path("crn").asText());

    var data = new byte[Encryption.CHUNK + 5];
    new Random(11).nextBytes(data);
    assertThat(api.putBytes("/imprint/v1/volumes/" + id + "/content?offset=0", data).status())
        .isEqualTo(200);
    assertThat(
            api.getBytes(
                    "/imprint/v1/volumes/" + id + "/content",
                    Map.of("Range", "bytes=0-" + (data.length - 1)))
                .body())
        .isEqualTo(data);

    var refused = crk.deleteKey(crn);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("PROTECTED_RESOURCE_ERR");

    assertThat(api.delete("/v1/volumes/" + id).status()).isEqualTo(204);
    assertThat(crk.registrations(crn)).isEmpty();
    assertThat(crk.deleteKey(crn).status()).isEqualTo(204);
  }

  @Test
  void a_volume_without_a_key_is_provider_managed_and_shows_no_encryption_key() {
    var volume =
        api.post(
                "/v1/volumes",
                obj(
                    "name",
                    "provider-data",
                    "profile",
                    obj("name", "general-purpose"),
                    "zone",
                    obj("name", "us-south-1")))
            .body();
    assertThat(volume.path("encryption").asText()).isEqualTo("provider_managed");
    assertThat(volume.has("encryption_key")).isFalse();
  }

  @Test
  void an_unknown_or_disabled_key_is_refused_naming_the_key() {
    var unknown =
        "crn:v1:bluemix:public:kms:us-south:a/"
            + Images.ACCOUNT
            + ":"
            + KeyProtect.INSTANCE
            + ":key:00000000-0000-4000-8000-000000000000";
    var body =
        obj(
            "name",
            "unknown-key",
            "profile",
            obj("name", "general-purpose"),
            "zone",
            obj("name", "us-south-1"),
            "encryption_key",
            obj("crn", unknown));
    var missing = api.post("/v1/volumes", body);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.errorCode()).isEqualTo("not_found");
    assertThat(missing.errorTarget()).isEqualTo("encryption_key.crn");
    assertThat(missing.body().at("/errors/0/message").asText()).contains("No root key", unknown);

    var disabled = crk.key("disabled-key");
    api.raw(
        "POST",
        "/api/v2/keys/" + Encryption.idOf(disabled) + "/actions/disable",
        null,
        null,
        KeyProtect.instance());
    body.put("encryption_key", obj("crn", disabled));
    var refused = api.post("/v1/volumes", body);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("invalid_state");
    assertThat(refused.body().at("/errors/0/message").asText())
        .contains("disabled-key", disabled)
        .contains("disabled");
    assertThat(refused.errorTarget()).isEqualTo("encryption_key.crn");
    assertThat(api.get("/v1/volumes?name=unknown-key").body().path("volumes")).isEmpty();
  }

  @Test
  void a_provider_managed_volume_captured_under_a_key_is_re_encrypted_and_reads_back_the_same() {
    var crn = crk.key("capture-key");
    var instance = crk.stoppedInstance("rekey-vm", null, stockImage);
    var volume = Encryption.bootVolume(instance);
    var content = crk.fill(volume, 5);

    var created = crk.capture("rekeyed-image", volume, crn);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.body().path("encryption").asText()).isEqualTo("user_managed");
    assertThat(created.body().at("/encryption_key/crn").asText()).isEqualTo(crn);
    var id = created.body().path("id").asText();
    assertThat(crk.registrations(crn)).containsExactly(created.body().path("crn").asText());

    api.awaitField("/v1/images/" + id, "status", "available");
    var progress = api.get("/imprint/v1/images/" + id + "/capture").body();
    assertThat(progress.path("bytes_total").asLong()).isEqualTo(2L * Encryption.CHUNK);
    assertThat(progress.path("bytes_done").asLong()).isEqualTo(2L * Encryption.CHUNK);
    assertThat(crk.readImage(id, crn)).isEqualTo(content);
    // every chunk of the image is sealed under a data key its root key wraps
    assertThat(rootKeysOfChunks(id)).containsExactly(crn);
    assertThat(rootKeysOfChunks(volume)).containsExactly("master");

    var refused = crk.deleteKey(crn);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(api.delete("/v1/images/" + id).status()).isEqualTo(202);
    assertThat(crk.registrations(crn)).isEmpty();
  }

  @Test
  void a_boot_volume_under_a_key_gives_an_image_under_the_same_key_by_copy_on_write() {
    var crn = crk.key("boot-key");
    var instance = crk.stoppedInstance("crk-boot-vm", crn, stockImage);
    var volume = Encryption.bootVolume(instance);
    var volumeJson = api.get("/v1/volumes/" + volume).body();
    assertThat(volumeJson.path("encryption").asText()).isEqualTo("user_managed");
    assertThat(volumeJson.at("/encryption_key/crn").asText()).isEqualTo(crn);
    var content = crk.fill(volume, 7);

    var created = crk.capture("same-key-image", volume, null);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.body().at("/encryption_key/crn").asText()).isEqualTo(crn);
    var id = created.body().path("id").asText();
    api.awaitField("/v1/images/" + id, "status", "available");
    assertThat(crk.readImage(id, crn)).isEqualTo(content);
    assertThat(crk.registrations(crn))
        .containsExactlyInAnyOrder(
            volumeJson.path("crn").asText(), created.body().path("crn").asText());
    // nothing was sealed again: the image shares the volume's blobs
    assertThat(blobsOf(id)).isEqualTo(blobsOf(volume));

    // a boot volume from an image under a key takes the image's key
    var second = crk.stoppedInstance("from-crk-image", null, id);
    var secondVolume = api.get("/v1/volumes/" + Encryption.bootVolume(second)).body();
    assertThat(secondVolume.at("/encryption_key/crn").asText()).isEqualTo(crn);
    assertThat(crk.read("/imprint/v1/volumes/" + secondVolume.path("id").asText() + "/content"))
        .isEqualTo(content);
  }

  @Test
  void a_volume_under_one_key_captured_under_another_is_re_encrypted_under_the_other() {
    var first = crk.key("first-key");
    var other = crk.key("other-key");
    var instance = crk.stoppedInstance("two-keys-vm", first, stockImage);
    var volume = Encryption.bootVolume(instance);
    var content = crk.fill(volume, 9);

    var created = crk.capture("other-key-image", volume, other);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    var id = created.body().path("id").asText();
    api.awaitField("/v1/images/" + id, "status", "available");
    var image = api.get("/v1/images/" + id).body();
    assertThat(image.path("encryption").asText()).isEqualTo("user_managed");
    assertThat(image.at("/encryption_key/crn").asText()).isEqualTo(other);
    assertThat(crk.readImage(id, other)).isEqualTo(content);
    assertThat(rootKeysOfChunks(id)).containsExactly(other);
    assertThat(crk.registrations(other)).containsExactly(image.path("crn").asText());
  }

  @Test
  void a_provider_managed_volume_captured_without_a_key_gives_an_image_without_encryption() {
    var instance = crk.stoppedInstance("plain-vm", null, stockImage);
    var created = crk.capture("plain-image", Encryption.bootVolume(instance), null);
    assertThat(created.body().path("encryption").asText()).isEqualTo("none");
    assertThat(created.body().has("encryption_key")).isFalse();
  }

  @Test
  void asking_a_provider_managed_image_of_a_volume_under_a_key_is_refused_naming_the_rule() {
    var crn = crk.key("no-way-back-key");
    var volume = Encryption.bootVolume(crk.stoppedInstance("no-way-back-vm", crn, stockImage));
    var body = obj("name", "no-way-back", "source_volume", obj("id", volume));
    body.put("encryption_key", null);

    var refused = api.post("/v1/images", body);

    assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    assertThat(refused.errorCode()).isEqualTo("invalid_value");
    assertThat(refused.errorTarget()).isEqualTo("encryption_key");
    assertThat(refused.errorMessage()).contains(crn, "cannot be provider-managed");
    assertThat(api.get("/v1/images?name=no-way-back").body().path("images")).isEmpty();
    assertThat(api.get("/v1/volumes/" + volume).body().path("busy").asBoolean()).isFalse();
    // a provider-managed volume may ask for it: that is what it gives anyway
    var plain = Encryption.bootVolume(crk.stoppedInstance("plain-null-vm", null, stockImage));
    body.put("source_volume", obj("id", plain));
    var accepted = api.post("/v1/images", body);
    assertThat(accepted.status()).as(accepted.raw()).isEqualTo(201);
    assertThat(accepted.body().path("encryption").asText()).isEqualTo("none");
  }

  @Test
  void cancelling_a_capture_under_another_key_leaves_the_image_failed_as_cancelled() {
    var crn = crk.key("cancel-key");
    var instance = crk.stoppedInstance("cancel-rekey-vm", null, stockImage);
    var volume = Encryption.bootVolume(instance);
    crk.fill(volume, 13);
    server.server().jobs().pause();
    var id = crk.capture("cancelled-rekey", volume, crn).body().path("id").asText();
    assertThat(api.post("/imprint/v1/images/" + id + "/capture/cancel", obj()).status())
        .isEqualTo(202);
    var failed = api.get("/v1/images/" + id).body();
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.at("/status_reasons/0/code").asText()).isEqualTo("image_request_cancelled");
    assertThat(api.get("/v1/volumes/" + volume).body().path("busy").asBoolean()).isFalse();
  }

  /** The root keys that wrap the data keys of the disk's present chunks. */
  static java.util.Set<String> rootKeysOfChunks(String diskId) {
    return server
        .server()
        .store()
        .read(
            tx -> {
              var roots = new java.util.TreeSet<String>();
              for (var ref : tx.disks().chunks(diskId, 0, Long.MAX_VALUE)) {
                roots.add(tx.disks().getDataKey(ref.dataKeyId()).orElseThrow().rootKey());
              }
              return roots;
            });
  }

  static java.util.List<String> blobsOf(String diskId) {
    return server
        .server()
        .store()
        .read(
            tx ->
                tx.disks().chunks(diskId, 0, Long.MAX_VALUE).stream()
                    .map(r -> r.blobId())
                    .toList());
  }
}
