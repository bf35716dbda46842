package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imprint.server.http.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /openapi.json}: the routes list, as an OpenAPI 3 document anyone may read. */
class OpenApiTest {
  private static TestServer server;
  private static HttpResponse<String> response;
  private static JsonNode document;

  @BeforeAll
  static void fetch_the_document_without_a_token() throws Exception {
    server = TestServer.start();
    try (var client = HttpClient.newHttpClient()) {
      response =
          client.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/openapi.json")).build(),
              HttpResponse.BodyHandlers.ofString());
    }
    document = new ObjectMapper().readTree(response.body());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anyone_reads_an_openapi_3_document_as_json() {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(document.path("openapi").asText()).startsWith("3.");
    assertThat(document.path("info").path("title").asText()).isEqualTo("Imprint");
  }

  @Test
  void every_route_served_is_one_operation_named_after_its_handler() {
    var routes = server.server().routes();
    assertThat(operations()).hasSize(routes.size());
    for (var route : routes) {
      var operation = operationOf(route);
      assertThat(operation.isObject()).as(route.method() + " " + route.path()).isTrue();
      assertThat(operation.path("operationId").asText()).isEqualTo(route.operationId());
      assertThat(operation.path("x-iam-action").asText()).isEqualTo(route.iamAction());
    }
    assertThat(operationOf(route("GET", "/v1/images")).path("operationId").asText())
        .isEqualTo("listImages");
  }

  @Test
  void every_route_that_needs_a_token_asks_for_a_bearer_token_and_public_ones_do_not() {
    assertThat(document.at("/components/securitySchemes/bearer/scheme").asText())
        .isEqualTo("bearer");
    for (var route : server.server().routes()) {
      var security = operationOf(route).path("security");
      if (route.isPublic()) {
        assertThat(security.isMissingNode()).as(route.path()).isTrue();
      } else {
        assertThat(security.toString()).as(route.path()).isEqualTo("[{\"bearer\":[]}]");
      }
    }
    assertThat(operationOf(route("POST", "/identity/token")).path("x-iam-action").asText())
        .isEqualTo(Route.PUBLIC);
  }

  @Test
  void path_parameters_are_declared_and_vpc_routes_take_version_and_generation() {
    var attachment =
        parameters(
            operationOf(route("GET", "/v1/instances/{instance_id}/volume_attachments/{id}")));
    assertThat(attachment)
        .contains("path:instance_id", "path:id", "#/components/parameters/version")
        .contains("#/components/parameters/generation");
    assertThat(parameters(operationOf(route("GET", "/v1/policies"))))
        .doesNotContain("#/components/parameters/version");
    assertThat(parameters(operationOf(route("GET", "/v1/apikeys/{id}"))))
        .containsExactly("path:id");
    assertThat(parameters(operationOf(route("GET", "/v3/tags")))).isEmpty();
    var version = document.at("/components/parameters/version");
    assertThat(version.path("in").asText()).isEqualTo("query");
    assertThat(version.path("required").asBoolean()).isTrue();
  }

  @Test
  void every_operation_answers_errors_with_ibm_s_error_body() {
    for (var operation : operations()) {
      assertThat(operation.at("/responses/default/$ref").asText())
          .isEqualTo("#/components/responses/Error");
    }
    var body = document.at("/components/schemas/Error");
    assertThat(body.path("required"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("errors", "trace", "status_code");
    assertThat(body.at("/properties/errors/items/properties").has("message")).isTrue();
  }

  private static Route route(String method, String path) {
    return server.server().routes().stream()
        .filter(r -> r.method().name().equals(method) && r.path().equals(path))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode operationOf(Route route) {
    return document
        .path("paths")
        .path(route.path())
        .path(route.method().name().toLowerCase(Locale.ROOT));
  }

  private static List<JsonNode> operations() {
    var all = new ArrayList<JsonNode>();
    document.path("paths").forEach(item -> item.forEach(all::add));
    return all;
  }

  private static List<String> parameters(JsonNode operation) {
    return StreamSupport.stream(operation.path("parameters").spliterator(), false)
        .map(
            p ->
                p.has("$ref")
                    ? p.path("$ref").asText()
                    : p.path("in").asText() + ":" + p.path("name").asText())
        .toList();
  }
}
