package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.domain.image.ImageStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Image lists and reads are served from rendered JSON kept between requests: whatever an image
 * shows that changes (the image itself, its group's name, the API version asked for) is seen on the
 * very next read.
 */
class ImageRenderingTest {
  TestServer server;
  Api api;
  String groupId;
  String imageId;

  @BeforeEach
  void start() {
    server = TestServer.start();
    api = server.api();
    var group =
        api.raw(
            "POST", "/v2/resource_groups", "{\"name\":\"render-a\"}", "application/json", Map.of());
    assertThat(group.status()).as(group.raw()).isEqualTo(201);
    groupId = group.body().path("id").asText();
    var image = Images.custom("render-me", ImageStatus.AVAILABLE, groupId);
    Images.insert(server.server().store(), List.of(image));
    imageId = image.id();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void a_listed_and_read_image_shows_each_change_on_the_next_read() {
    var first = read();
    assertThat(listed()).isEqualTo(first);
    assertThat(first.at("/resource_group/name").asText()).isEqualTo("render-a");

    assertThat(
            api.raw(
                    "PATCH",
                    "/v2/resource_groups/" + groupId,
                    "{\"name\":\"render-b\"}",
                    "application/json",
                    Map.of())
                .status())
        .isEqualTo(200);
    assertThat(read().at("/resource_group/name").asText()).isEqualTo("render-b");
    assertThat(listed().at("/resource_group/name").asText()).isEqualTo("render-b");

    assertThat(api.patch("/v1/images/" + imageId, obj("name", "renamed")).status()).isEqualTo(200);
    assertThat(read().path("name").asText()).isEqualTo("renamed");
    assertThat(listed().path("name").asText()).isEqualTo("renamed");

    assertThat(api.post("/v1/images/" + imageId + "/deprecate", null).status()).isEqualTo(204);
    assertThat(listed().path("status").asText()).isEqualTo("deprecated");
    assertThat(read()).isEqualTo(listed());
  }

  @Test
  void each_api_version_gets_its_own_rendering() {
    var current = read();
    var old = readAt("2025-06-29");
    var withZones = readAt("2026-04-14");
    assertThat(current.has("owner_type")).isFalse();
    assertThat(current.has("zones")).isFalse();
    assertThat(old.path("owner_type").asText()).isEqualTo("user");
    assertThat(withZones.has("owner_type")).isFalse();
    assertThat(withZones.path("zones").size()).isEqualTo(3);
    assertThat(read()).isEqualTo(current);
    assertThat(readAt("2025-06-29")).isEqualTo(old);
  }

  private JsonNode readAt(String version) {
    var response =
        api.raw(
            "GET",
            "/v1/images/" + imageId + "?version=" + version + "&generation=2",
            null,
            null,
            Map.of());
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.body();
  }

  private JsonNode read() {
    var response = api.get("/v1/images/" + imageId);
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.body();
  }

  private JsonNode listed() {
    var page = api.get("/v1/images?resource_group.id=" + groupId).body();
    assertThat(page.path("images").size()).as(page.toString()).isEqualTo(1);
    return page.at("/images/0");
  }
}
