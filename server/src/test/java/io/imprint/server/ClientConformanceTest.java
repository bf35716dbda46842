package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.ibm.cloud.sdk.core.security.BearerTokenAuthenticator;
import com.ibm.cloud.sdk.core.security.IamAuthenticator;
import io.imprint.client.ApiError;
import io.imprint.client.ImprintClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server driven by Imprint's own client, which sends every request through IBM's sdk-core as
 * the official SDKs do: what an SDK user gets (pagers, errors, merge patches, version gating, the
 * Warning header) works end to end.
 */
class ClientConformanceTest {
  private static TestServer server;
  private static final List<String> warnings = new CopyOnWriteArrayList<>();
  private static ImprintClient client;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    client =
        new ImprintClient(
            server.baseUrl(),
            // the official authenticator, given only the server's URL and the key
            new IamAuthenticator.Builder()
                .apikey(TestServer.ADMIN_APIKEY)
                .url(server.baseUrl())
                .build(),
            ImprintClient.DEFAULT_VERSION,
            warnings::add);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject identity(String member, String value) {
    var o = new JsonObject();
    o.addProperty(member, value);
    return o;
  }

  private static JsonObject instance(String name, String image) {
    var subnet = client.listSubnets(Map.of("zone.name", "us-south-1")).get(0);
    var prototype = new JsonObject();
    prototype.addProperty("name", name);
    prototype.add("zone", identity("name", "us-south-1"));
    prototype.add("image", identity("id", image));
    var nic = new JsonObject();
    nic.add("subnet", identity("id", subnet.get("id").getAsString()));
    prototype.add("primary_network_interface", nic);
    return client.createInstance(prototype);
  }

  private static String stockImage() {
    return client
        .listImages(Map.of("name", "ibm-debian-12-minimal-amd64-1"))
        .get(0)
        .get("id")
        .getAsString();
  }

  @Test
  void a_pager_walks_every_page_of_a_collection_by_its_start_token() {
    var api = server.api();
    for (int i = 0; i < 130; i++) {
      api.post(
          "/v1/volumes",
          obj(
              "name",
              "pager-" + i,
              "capacity",
              10,
              "profile",
              obj("name", "general-purpose"),
              "zone",
              obj("name", "us-south-1")));
    }
    var volumes = client.listVolumes(Map.of());
    var names = new ArrayList<String>();
    volumes.forEach(v -> names.add(v.get("name").getAsString()));
    assertThat(names.stream().filter(n -> n.startsWith("pager-")))
        .hasSize(130)
        .doesNotHaveDuplicates();
    assertThat(volumes).hasSize(api.get("/v1/volumes?limit=1").body().path("total_count").asInt());
  }

  @Test
  void an_error_arrives_as_code_message_target_and_trace() {
    var missing =
        catchThrowableOfType(
            ApiError.class, () -> client.getImage("r006-00000000-0000-4000-8000-000000000000"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("not_found");
    assertThat(missing.getMessage()).isNotBlank();
    assertThat(missing.trace()).matches("[0-9a-f-]{36}");

    var invalid =
        catchThrowableOfType(ApiError.class, () -> client.listImages(Map.of("status", "bogus")));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.target()).isEqualTo("status");
  }

  @Test
  void a_merge_patch_with_null_clears_a_date_and_an_absent_member_keeps_it() throws Exception {
    var made = instance("patch-source", stockImage());
    client.createInstanceAction(made.get("id").getAsString(), "stop", true);
    var volume =
        made.getAsJsonObject("boot_volume_attachment")
            .getAsJsonObject("volume")
            .get("id")
            .getAsString();
    var prototype = new JsonObject();
    prototype.addProperty("name", "patched-image");
    prototype.add("source_volume", identity("id", volume));
    var image = awaitSettled(client.createImage(prototype).get("id").getAsString());
    assertThat(image.get("status").getAsString()).isEqualTo("available");

    var dates = new JsonObject();
    dates.addProperty("deprecation_at", "2099-01-01T00:00:00Z");
    dates.addProperty("obsolescence_at", "2099-06-01T00:00:00Z");
    client.updateImage(image.get("id").getAsString(), dates);
    var clear = new JsonObject();
    clear.add("deprecation_at", JsonNull.INSTANCE);
    var patched = client.updateImage(image.get("id").getAsString(), clear);
    assertThat(patched.has("deprecation_at")).isFalse();
    assertThat(patched.get("obsolescence_at").getAsString()).isEqualTo("2099-06-01T00:00:00.000Z");
  }

  @Test
  void an_instance_from_a_deprecated_image_comes_with_a_warning_header() throws Exception {
    var made = instance("warn-source", stockImage());
    client.createInstanceAction(made.get("id").getAsString(), "stop", true);
    var prototype = new JsonObject();
    prototype.addProperty("name", "to-deprecate");
    prototype.add(
        "source_volume",
        identity(
            "id",
            made.getAsJsonObject("boot_volume_attachment")
                .getAsJsonObject("volume")
                .get("id")
                .getAsString()));
    var image =
        awaitSettled(client.createImage(prototype).get("id").getAsString()).get("id").getAsString();
    client.deprecateImage(image);
    warnings.clear();
    instance("from-deprecated", image);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("deprecated");
  }

  @Test
  void the_version_decides_between_owner_type_and_remote() {
    var old =
        new ImprintClient(
            server.baseUrl(),
            new BearerTokenAuthenticator(server.administratorToken()),
            "2025-01-01",
            w -> {});
    var before = old.listImages(Map.of("name", "ibm-debian-12-minimal-amd64-1")).get(0);
    assertThat(before.get("owner_type").getAsString()).isEqualTo("provider");
    assertThat(before.has("remote")).isFalse();
    var now = client.listImages(Map.of("name", "ibm-debian-12-minimal-amd64-1")).get(0);
    assertThat(now.has("owner_type")).isFalse();
    assertThat(now.getAsJsonObject("remote").getAsJsonObject("account").get("id").getAsString())
        .isNotBlank();
  }

  /** The image once the server has run its due work (its import or capture). */
  private static JsonObject awaitSettled(String id) {
    server.runDueJobs();
    return client.getImage(id);
  }
}
