package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests sent byte for byte as the official Java SDK 0.29.0 sends them (observed against a local
 * build): the query starts {@code ?version=2026-03-24&generation=2}, every call carries a fresh
 * UUID {@code X-Request-Id}, {@code Accept: application/json}, {@code Accept-Encoding: gzip} and a
 * bearer token; bodies are {@code application/json; charset=utf-8}. The responses must carry every
 * field the SDK models mark required (the Python SDK raises on a missing one).
 */
class SdkShapedRequestsTest {
  static final List<String> IMAGE_REQUIRED =
      List.of(
          "allowed_use",
          "catalog_offering",
          "created_at",
          "crn",
          "encryption",
          "file",
          "href",
          "id",
          "name",
          "operating_system",
          "resource_group",
          "resource_type",
          "status",
          "status_reasons",
          "user_data_format",
          "visibility");
  static final List<String> VOLUME_REQUIRED =
      List.of(
          "active",
          "adjustable_capacity_states",
          "adjustable_iops_states",
          "attachment_state",
          "bandwidth",
          "busy",
          "capacity",
          "created_at",
          "crn",
          "encryption",
          "health_reasons",
          "health_state",
          "href",
          "id",
          "iops",
          "name",
          "profile",
          "resource_group",
          "resource_type",
          "status",
          "status_reasons",
          "storage_generation",
          "user_tags",
          "volume_attachments",
          "zone");
  static final List<String> INSTANCE_REQUIRED =
      List.of(
          "availability_policy",
          "bandwidth",
          "boot_volume_attachment",
          "cluster_network_attachments",
          "confidential_compute_mode",
          "created_at",
          "crn",
          "disks",
          "enable_secure_boot",
          "health_reasons",
          "health_state",
          "href",
          "id",
          "lifecycle_reasons",
          "lifecycle_state",
          "memory",
          "metadata_service",
          "name",
          "network_attachments",
          "network_interfaces",
          "profile",
          "reservation_affinity",
          "resource_group",
          "resource_type",
          "startable",
          "status",
          "status_reasons",
          "total_network_bandwidth",
          "total_volume_bandwidth",
          "vcpu",
          "volume_attachments",
          "volume_bandwidth_qos_mode",
          "vpc",
          "zone");

  static TestServer server;
  static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void the_image_from_volume_script_calls_get_every_required_field() throws Exception {
    assertThat(sdk("GET", "/regions", null).path("regions")).isNotEmpty();
    assertThat(sdk("GET", "/regions/us-south/zones", null).at("/zones/0/region/name").asText())
        .isEqualTo("us-south");
    var profiles = sdk("GET", "/instance/profiles", null).path("profiles");
    assertThat(profiles.findValuesAsText("default")).contains("amd64");
    var vpc = sdk("GET", "/vpcs", null).at("/vpcs/0/id").asText();
    var subnet = sdk("GET", "/subnets", "zone.name=us-south-1").at("/subnets/0/id").asText();
    assertThat(sdk("GET", "/volume/profiles", null).path("profiles")).isNotEmpty();
    var image = sdk("GET", "/images", "limit=1&visibility=public").at("/images/0");
    for (var field : IMAGE_REQUIRED) {
      assertThat(image.has(field)).as("image." + field).isTrue();
    }
    var body =
        "{\"boot_volume_attachment\":{\"delete_volume_on_instance_delete\":true,\"volume\":{\"capacity\":100,"
            + "\"profile\":{\"name\":\"general-purpose\"}}},\"image\":{\"id\":\""
            + image.path("id").asText()
            + "\"},"
            + "\"name\":\"sdk-instance\",\"primary_network_interface\":{\"subnet\":{\"id\":\""
            + subnet
            + "\"}},"
            + "\"profile\":{\"name\":\"bx2-2x8\"},\"vpc\":{\"id\":\""
            + vpc
            + "\"},\"zone\":{\"name\":\"us-south-1\"}}";
    var instance = sdk("POST", "/instances", null, body, 201);
    for (var field : INSTANCE_REQUIRED) {
      assertThat(instance.has(field)).as("instance." + field).isTrue();
    }
    var attachmentHref = instance.at("/boot_volume_attachment/href").asText();
    var attachment = sdk("GET", attachmentHref.substring(attachmentHref.indexOf("/v1/") + 3), null);
    assertThat(attachment.path("delete_volume_on_instance_delete").asBoolean()).isTrue();
    var volume =
        sdk("GET", "/volumes/" + instance.at("/boot_volume_attachment/volume/id").asText(), null);
    for (var field : VOLUME_REQUIRED) {
      assertThat(volume.has(field)).as("volume." + field).isTrue();
    }
    assertThat(
            sdk(
                    "POST",
                    "/instances/" + instance.path("id").asText() + "/actions",
                    null,
                    "{\"type\":\"stop\"}",
                    201)
                .path("type")
                .asText())
        .isEqualTo("stop");
  }

  @Test
  void the_sdk_pager_reading_only_start_sees_every_image() throws Exception {
    var first = sdk("GET", "/images", "limit=3");
    int total = first.path("total_count").asInt();
    int seen = first.path("images").size();
    var page = first;
    while (page.has("next")) {
      var href = page.at("/next/href").asText();
      var start = ImagesApiTest.startOf(href);
      // The pager puts start before limit.
      page = sdk("GET", "/images", "start=" + start + "&limit=3");
      seen += page.path("images").size();
    }
    assertThat(seen).isEqualTo(total);
  }

  private static JsonNode sdk(String method, String path, String query) throws Exception {
    return sdk(method, path, query, null, 200);
  }

  private static JsonNode sdk(String method, String path, String query, String body, int expected)
      throws Exception {
    var uri =
        server.baseUrl()
            + "/v1"
            + path
            + "?version=2026-03-24&generation=2"
            + (query == null ? "" : "&" + query);
    var builder =
        HttpRequest.newBuilder(URI.create(uri))
            .header("X-Request-Id", UUID.randomUUID().toString())
            .header("Accept", "application/json")
            .header("Accept-Encoding", "gzip")
            .header("Authorization", "Bearer " + server.administratorToken())
            .header("User-Agent", "vpc-java-sdk-${version}");
    if (body != null) {
      builder.header("Content-Type", "application/json; charset=utf-8");
    }
    builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    var response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    var bytes = response.body();
    if (response.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
      try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    assertThat(response.statusCode()).as(new String(bytes)).isEqualTo(expected);
    return Api.JSON.readTree(bytes);
  }
}
