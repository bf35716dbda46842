package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same server on PostgreSQL, chosen by configuration alone: store=postgres and a JDBC URL. */
class PostgresServerTest {
  static EmbeddedPostgres postgres;
  static TestServer server;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    server =
        TestServer.start(
            Map.of(
                "store", "postgres",
                "postgres.url", postgres.getJdbcUrl("postgres", "postgres"),
                "postgres.user", "postgres",
                "postgres.password", "postgres"));
    api = server.api();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    postgres.close();
  }

  @Test
  void the_catalog_defaults_and_an_instance_work_on_postgres() {
    assertThat(api.get("/v1/images?visibility=public").body().path("total_count").asInt())
        .isPositive();
    assertThat(api.get("/v1/vpcs").body().path("total_count").asInt()).isEqualTo(1);
    var image = api.get("/v1/images?limit=1").body().at("/images/0/id").asText();
    var subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    var instance =
        api.post(
            "/v1/instances",
            obj(
                "name",
                "pg-instance",
                "zone",
                obj("name", "us-south-1"),
                "image",
                obj("id", image),
                "primary_network_interface",
                obj("subnet", obj("id", subnet))));
    assertThat(instance.status()).as(instance.raw()).isEqualTo(201);
    api.awaitField("/v1/instances/" + instance.body().path("id").asText(), "status", "running");
    assertThat(
            api.post(
                    "/v1/instances",
                    obj(
                        "name",
                        "pg-instance",
                        "zone",
                        obj("name", "us-south-1"),
                        "image",
                        obj("id", image),
                        "primary_network_interface",
                        obj("subnet", obj("id", subnet))))
                .errorCode())
        .isEqualTo("validation_unique_failed");
    var page = api.get("/v1/images?limit=2");
    var next =
        api.get(
            "/v1/images?limit=2&start="
                + ImagesApiTest.startOf(page.body().at("/next/href").asText()));
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.body().at("/images/0/id").asText())
        .isNotEqualTo(page.body().at("/images/0/id").asText());
  }

  @Test
  void customer_root_keys_protect_volumes_and_images_on_postgres() {
    var crk = new Encryption(api);
    var stock =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body().at("/images/0/id").asText();
    var first = crk.key("pg-first-key");
    var other = crk.key("pg-other-key");
    var volume = Encryption.bootVolume(crk.stoppedInstance("pg-crk-vm", first, stock));
    var content = crk.fill(volume, 21);

    var sameKey = available(crk.capture("pg-same-key", volume, null));
    assertThat(sameKey.at("/encryption_key/crn").asText()).isEqualTo(first);
    var rekeyed = available(crk.capture("pg-other-key", volume, other));
    assertThat(rekeyed.at("/encryption_key/crn").asText()).isEqualTo(other);
    for (var image : java.util.List.of(sameKey, rekeyed)) {
      assertThat(crk.readImage(image.path("id").asText(), image.at("/encryption_key/crn").asText()))
          .isEqualTo(content);
    }
    assertThat(crk.registrations(first))
        .containsExactlyInAnyOrder(
            api.get("/v1/volumes/" + volume).body().path("crn").asText(),
            sameKey.path("crn").asText());

    assertThat(crk.keyAction(first, "disable").status()).isEqualTo(204);
    var disabled = api.get("/v1/images/" + sameKey.path("id").asText()).body();
    assertThat(disabled.path("status").asText()).isEqualTo("unusable");
    assertThat(disabled.at("/status_reasons/0/code").asText()).isEqualTo("encryption_key_disabled");
    assertThat(api.get("/v1/volumes/" + volume).body().path("status").asText())
        .isEqualTo("unusable");
    assertThat(api.get("/v1/images/" + rekeyed.path("id").asText()).body().path("status").asText())
        .isEqualTo("available");
    assertThat(crk.keyAction(first, "enable").status()).isEqualTo(204);
    assertThat(api.get("/v1/images/" + sameKey.path("id").asText()).body().path("status").asText())
        .isEqualTo("available");
    assertThat(crk.deleteKey(other).errorCode()).isEqualTo("PROTECTED_RESOURCE_ERR");
  }

  private static com.fasterxml.jackson.databind.JsonNode available(Api.Response created) {
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return api.awaitField("/v1/images/" + created.body().path("id").asText(), "status", "available")
        .body();
  }
}
