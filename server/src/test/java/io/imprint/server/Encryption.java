package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Customer root keys, volumes and images under them, as a user drives them over the API: one per
 * test class, bound to that class's server, so that classes on different servers (SQLite,
 * PostgreSQL) share the steps without sharing state.
 */
final class Encryption {
  static final int CHUNK = 4 << 20;

  private final Api api;
  private final String subnet;

  Encryption(Api api) {
    this.api = api;
    this.subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
  }

  String subnet() {
    return subnet;
  }

  /** A new root key's CRN. */
  String key(String name) {
    return KeyProtect.crnOf(api, KeyProtect.createKey(api, name));
  }

  static String idOf(String crn) {
    return crn.substring(crn.lastIndexOf(':') + 1);
  }

  List<String> registrations(String keyCrn) {
    var list = new ArrayList<String>();
    api.raw(
            "GET",
            "/api/v2/keys/" + idOf(keyCrn) + "/registrations",
            null,
            null,
            KeyProtect.instance())
        .body()
        .path("resources")
        .forEach(r -> list.add(r.path("resourceCrn").asText()));
    return list;
  }

  Api.Response deleteKey(String keyCrn) {
    return api.raw("DELETE", "/api/v2/keys/" + idOf(keyCrn), null, null, KeyProtect.instance());
  }

  /** {@code POST /api/v2/keys/{id}/actions/{action}} on the key. */
  Api.Response keyAction(String keyCrn, String action) {
    return api.raw(
        "POST",
        "/api/v2/keys/" + idOf(keyCrn) + "/actions/" + action,
        null,
        null,
        KeyProtect.instance());
  }

  /** A stopped instance from {@code image} whose boot volume has {@code keyCrn}, if not null. */
  JsonNode stoppedInstance(String name, String keyCrn, String image) {
    var volume = obj("name", name + "-boot");
    if (keyCrn != null) {
      volume.put("encryption_key", obj("crn", keyCrn));
    }
    var created =
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
                obj("volume", volume)));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    var id = created.body().path("id").asText();
    // a stop is refused while the instance is still starting
    awaitInstance(id, "running");
    var stop = api.post("/v1/instances/" + id + "/actions", obj("type", "stop", "force", true));
    assertThat(stop.status()).as(stop.raw()).isEqualTo(201);
    return awaitInstance(id, "stopped");
  }

  /**
   * The instance once it is {@code status}: at once for a server in this JVM, whose due work the
   * client runs. About real elapsed time: a server in another process (the crash tests) takes its
   * power steps on its own clock, which the test can only watch.
   */
  private JsonNode awaitInstance(String id, String status) {
    var last = new AtomicReference<AssertionError>();
    try {
      return Poll.until(
          Duration.ofSeconds(30),
          Duration.ofMillis(20),
          () -> {
            try {
              return Optional.of(api.awaitField("/v1/instances/" + id, "status", status).body());
            } catch (AssertionError e) {
              last.set(e);
              return Optional.<JsonNode>empty();
            }
          },
          () -> last.get().getMessage());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String bootVolume(JsonNode instance) {
    return instance.at("/boot_volume_attachment/volume/id").asText();
  }

  /** Writes random chunks at 0 and 2 (a hole between) and returns the first 3 chunks. */
  byte[] fill(String volume, int seed) {
    var data = new byte[CHUNK];
    new Random(seed).nextBytes(data);
    for (long at : new long[] {0, 2L * CHUNK}) {
      assertThat(
              api.putBytes("/imprint/v1/volumes/" + volume + "/content?offset=" + at, data)
                  .status())
          .isEqualTo(200);
    }
    return read("/imprint/v1/volumes/" + volume + "/content");
  }

  /** The first 3 chunks of a content path. */
  byte[] read(String path) {
    return api.getBytes(path, Map.of("Range", "bytes=0-" + (3L * CHUNK - 1))).body();
  }

  /**
   * The first 3 chunks of an image under the root key {@code keyCrn}: its raw content is not
   * served, so they come from its LUKS qcow2 download, decrypted ({@link EncryptedDownloads}).
   */
  byte[] readImage(String imageId, String keyCrn) {
    return EncryptedDownloads.read(api, imageId, keyCrn, 3 * CHUNK);
  }

  /** {@code POST /v1/images} from {@code volume}, with {@code keyCrn} if not null. */
  Api.Response capture(String name, String volume, String keyCrn) {
    var body = obj("name", name, "source_volume", obj("id", volume));
    if (keyCrn != null) {
      body.put("encryption_key", obj("crn", keyCrn));
    }
    return api.post("/v1/images", body);
  }
}
