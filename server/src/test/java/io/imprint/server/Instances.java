package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Instances made through the API for tests: from the stock Debian image, on the first subnet of
 * us-south-1, each settled before it is handed over.
 */
final class Instances {
  static final String STOCK_IMAGE = "ibm-debian-12-minimal-amd64-1";

  private Instances() {}

  static JsonNode running(Api api, String name) {
    return running(api, name, List.of());
  }

  /** A running instance with the volumes {@code dataVolumeIds} attached as data volumes. */
  static JsonNode running(Api api, String name, List<String> dataVolumeIds) {
    var prototype =
        obj(
            "name",
            name,
            "zone",
            obj("name", "us-south-1"),
            "image",
            obj("id", stockImage(api)),
            "primary_network_interface",
            obj("subnet", obj("id", subnet(api))),
            "volume_attachments",
            dataVolumeIds.stream().map(id -> obj("volume", obj("id", id))).toList());
    var created = api.post("/v1/instances", prototype);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return api.awaitField(path(created.body()), "status", "running").body();
  }

  static JsonNode stopped(Api api, String name) {
    return stop(api, running(api, name));
  }

  private static JsonNode stop(Api api, JsonNode instance) {
    api.post(path(instance) + "/actions", obj("type", "stop"));
    return api.awaitField(path(instance), "status", "stopped").body();
  }

  static String stockImage(Api api) {
    return api.get("/v1/images?name=" + STOCK_IMAGE).body().at("/images/0/id").asText();
  }

  static String subnet(Api api) {
    return api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
  }

  private static String path(JsonNode instance) {
    return "/v1/instances/" + instance.path("id").asText();
  }
}
