package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The conventions every /v1 endpoint keeps: version, generation, error bodies, request ids. */
class WireContractTest {
  static TestServer server;
  static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("max-body-bytes", "4096"));
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "version={0} gives {1}")
  @CsvSource({
    "'', missing_version",
    "2026-3-24, invalid_version",
    "yesterday, invalid_version",
    "2026-02-30, invalid_version",
    "2018-12-31, invalid_version_range",
    "2999-01-01, invalid_version_range"
  })
  void a_bad_version_is_refused_with_its_own_code_and_the_parameter_as_target(
      String version, String code) {
    var response =
        api.raw(
            "GET",
            "/v1/images?generation=2" + (version.isEmpty() ? "" : "&version=" + version),
            null,
            null,
            Map.of());
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo(code);
    assertThat(response.body().at("/errors/0/target/type").asText()).isEqualTo("parameter");
    assertThat(response.errorTarget()).isEqualTo("version");
    assertThat(response.body().at("/errors/0/message").asText()).isNotBlank();
    assertThat(response.body().path("status_code").asInt()).isEqualTo(400);
  }

  @Test
  void generation_may_be_left_out_but_only_2_is_accepted() {
    assertThat(api.raw("GET", "/v1/regions?version=2026-03-24", null, null, Map.of()).status())
        .isEqualTo(200);
    var wrong = api.raw("GET", "/v1/regions?version=2026-03-24&generation=1", null, null, Map.of());
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.errorCode()).isEqualTo("invalid_generation");
    assertThat(wrong.errorTarget()).isEqualTo("generation");
  }

  @Test
  void the_request_id_is_echoed_and_becomes_the_trace_of_an_error() {
    var response =
        api.raw(
            "GET",
            "/v1/images/r006-nope?version=2026-03-24&generation=2",
            null,
            null,
            Map.of("X-Request-Id", "abc-123"));
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("X-Request-Id")).isEqualTo("abc-123");
    assertThat(response.body().path("trace").asText()).isEqualTo("abc-123");
    assertThat(response.errorCode()).isEqualTo("not_found");
  }

  @Test
  void a_request_without_an_id_gets_a_generated_one() {
    var response = api.get("/v1/regions");
    var noId =
        api.raw("GET", "/v1/regions?version=2026-03-24", null, null, Map.of("X-Request-Id", ""));
    assertThat(response.header("X-Request-Id")).isNotBlank();
    assertThat(noId.header("X-Request-Id")).matches("[0-9a-f-]{36}");
  }

  @Test
  void an_unknown_route_is_a_404_with_the_ibm_error_body() {
    var response = api.get("/v1/no_such_things");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.errorCode()).isEqualTo("not_found");
    assertThat(response.body().path("trace").asText()).isNotBlank();
  }

  @Test
  void a_wrong_method_is_a_405_with_the_ibm_error_body() {
    var response = api.delete("/v1/regions");
    assertThat(response.status()).isEqualTo(405);
    assertThat(response.errorCode()).isEqualTo("method_not_allowed");
    assertThat(response.body().at("/errors/0/message").asText())
        .contains("DELETE")
        .contains("/v1/regions");
  }

  @Test
  void malformed_json_is_a_400_not_a_500() {
    var response = api.post("/v1/volumes", "{\"name\": ");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("bad_request");
    assertThat(api.post("/v1/volumes", "[1,2]").errorCode()).isEqualTo("bad_request");
    assertThat(api.post("/v1/volumes", "{\"a\":1,\"a\":2}").errorCode()).isEqualTo("bad_request");
  }

  @Test
  void a_wrong_type_names_the_field_at_fault() {
    var response =
        api.post(
            "/v1/volumes",
            obj(
                "capacity",
                "big",
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1")));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("validation_invalid_field_type");
    assertThat(response.errorTarget()).isEqualTo("capacity");
    assertThat(response.body().at("/errors/0/target/type").asText()).isEqualTo("field");
  }

  @Test
  void a_missing_required_field_names_its_path() {
    var response = api.post("/v1/volumes", obj("capacity", 20, "zone", obj("name", "us-south-1")));
    assertThat(response.errorCode()).isEqualTo("validation_required_field");
    assertThat(response.errorTarget()).isEqualTo("profile");
  }

  @Test
  void an_unknown_enum_value_is_validation_enum() {
    var response = api.get("/v1/images?visibility=secret");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("validation_enum");
    assertThat(response.errorTarget()).isEqualTo("visibility");
  }

  @Test
  void an_over_long_name_is_refused() {
    var response = api.post("/v1/vpcs", obj("name", "a".repeat(64)));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("validation_invalid_name");
    assertThat(response.errorTarget()).isEqualTo("name");
  }

  @Test
  void an_error_echoes_a_long_value_once_and_cut_short_never_growing_past_the_request() {
    var name = "n".repeat(4000);
    var response = api.post("/v1/vpcs", obj("name", name));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("validation_invalid_name");
    assertThat(response.raw().length()).isLessThan(1500);
    assertThat(response.body().at("/errors/0/target/value").asText())
        .startsWith("n".repeat(200))
        .endsWith("(4000 characters)");
    assertThat(response.errorMessage()).doesNotContain("n".repeat(201));

    var limit = "9".repeat(4000);
    var query = api.get("/v1/images?limit=" + limit);
    assertThat(query.status()).isEqualTo(400);
    assertThat(query.raw().length()).isLessThan(1500);
    assertThat(query.raw()).doesNotContain("9".repeat(201));
  }

  @Test
  void a_body_over_the_configured_limit_is_413() {
    var response = api.post("/v1/vpcs", obj("name", "x", "padding", "p".repeat(5000)));
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.errorCode()).isEqualTo("http_request_size_exceeded");
  }

  @Test
  void a_chunked_body_over_the_limit_is_413_like_one_with_a_length() throws Exception {
    var body = "{\"name\": \"" + "a".repeat(6000) + "\"}";
    var chunked = new StringBuilder();
    for (int i = 0; i < body.length(); i += 1000) {
      var chunk = body.substring(i, Math.min(body.length(), i + 1000));
      chunked
          .append(Integer.toHexString(chunk.length()))
          .append("\r\n")
          .append(chunk)
          .append("\r\n");
    }
    chunked.append("0\r\n\r\n");
    var answer =
        RawHttp.send(
            server.baseUrl(),
            "POST /v1/vpcs?version="
                + Api.VERSION
                + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n",
            chunked.toString());
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.json().at("/errors/0/code").asText()).isEqualTo("http_request_size_exceeded");
    assertThat(api.get("/v1/vpcs?name=" + "a".repeat(10)).status()).isEqualTo(200);
  }

  @Test
  void a_body_that_ends_before_its_length_or_its_last_chunk_is_a_400_not_a_500() throws Exception {
    var head =
        "POST /v1/vpcs?version="
            + Api.VERSION
            + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    var shortOfItsLength =
        RawHttp.sendThenEnd(
            server.baseUrl(), head + "Content-Length: 100\r\n", "{\"name\": \"cut-sh");
    var shortOfItsChunk =
        RawHttp.sendThenEnd(
            server.baseUrl(), head + "Transfer-Encoding: chunked\r\n", "10\r\n{\"name\": \"x\r\n");
    for (var answer : new RawHttp.Answer[] {shortOfItsLength, shortOfItsChunk}) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(400);
      assertThat(answer.json().at("/errors/0/code").asText()).isEqualTo("bad_request");
      assertThat(answer.json().at("/errors/0/message").asText())
          .startsWith("The request body could not be read completely");
      assertThat(answer.json().path("trace").asText()).isEqualTo(answer.requestId());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/v1/images/%u0041",
        "/v2/resource_groups/x;a%K!",
        "/v1/instances/i/volume_attachments/E%=D",
        "/v1/vpcs?name=%u0041",
        "/v1/vpcs?name=%"
      })
  void a_percent_sign_that_encodes_no_byte_in_the_path_or_query_is_a_400(String target)
      throws Exception {
    var answer =
        RawHttp.send(
            server.baseUrl(),
            "GET "
                + target
                + (target.contains("?") ? "&" : "?")
                + "version="
                + Api.VERSION
                + " HTTP/1.1\r\nHost: x\r\n",
            "");
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.json().at("/errors/0/code").asText()).isEqualTo("bad_request");
    assertThat(answer.json().at("/errors/0/message").asText())
        .contains("does not start a percent-encoded byte");
    assertThat(answer.json().path("trace").asText()).isEqualTo(answer.requestId());
  }

  @Test
  void requests_jetty_refuses_before_any_handler_get_ibm_json_with_a_trace() throws Exception {
    for (var head :
        new String[] {
          "GARBAGE\r\n",
          "GET /v1/vpcs HTTP/1.1\r\n",
          "POST /v1/vpcs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n",
          "GET /v1/" + "u".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n",
          "GET /v1/vpcs HTTP/3.1\r\nHost: x\r\n"
        }) {
      var answer = RawHttp.send(server.baseUrl(), head, "");
      var label = head.substring(0, Math.min(40, head.length()));
      assertThat(answer.status()).as(label).isBetween(400, 505);
      assertThat(answer.contentType()).as(label).startsWith("application/json");
      var json = answer.json();
      assertThat(json.at("/errors/0/code").asText()).as(label).isNotBlank();
      assertThat(json.at("/errors/0/message").asText()).as(label).isNotBlank();
      assertThat(json.path("trace").asText()).as(label).isEqualTo(answer.requestId());
      assertThat(json.path("status_code").asInt()).as(label).isEqualTo(answer.status());
    }
  }

  @Test
  void a_filter_value_stays_one_value_in_the_hrefs_built_from_it() {
    var page = api.get("/v1/images?limit=1&name=x%26limit%3D100%26start%3Devil").body();
    var first = page.at("/first/href").asText();
    assertThat(first).contains("name=x%26limit%3D100%26start%3Devil").doesNotContain("&start=evil");
  }

  @Test
  void a_body_that_is_not_json_is_415() {
    var response =
        api.raw(
            "POST",
            "/v1/vpcs?version=2026-03-24",
            "name=x",
            "application/x-www-form-urlencoded",
            Map.of());
    assertThat(response.status()).isEqualTo(415);
    assertThat(response.errorCode()).isEqualTo("unsupported_media_type");
    assertThat(response.errorTarget()).isEqualTo("Content-Type");
  }

  @Test
  void errors_always_carry_more_info() {
    var response = api.get("/v1/images/r006-missing");
    assertThat(response.body().at("/errors/0/more_info").asText())
        .startsWith("https://cloud.ibm.com/docs/vpc");
  }

  @Test
  void health_and_metrics_are_served() {
    assertThat(api.raw("GET", "/healthz", null, null, Map.of()).status()).isEqualTo(200);
    api.get("/v1/regions");
    var metrics = api.raw("GET", "/metrics", null, null, Map.of());
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.raw())
        .contains("http_server_requests_seconds_count{")
        .contains("route=\"/v1/regions\"")
        .contains("status=\"200\"");
  }

  @Test
  void a_request_refused_before_routing_is_counted_under_the_route_its_path_would_reach() {
    var id = "r006-00000000-0000-4000-8000-000000000001";
    assertThat(api.patch("/v1/volumes/" + id, obj("name", "p".repeat(5000))).status())
        .isEqualTo(413);
    assertThat(api.raw("GET", "/v1/volumes/" + id, null, null, Map.of()).status()).isEqualTo(400);
    var metrics = api.raw("GET", "/metrics", null, null, Map.of()).raw();
    assertThat(metrics)
        .containsPattern("method=\"PATCH\",route=\"/v1/volumes/\\{id}\",status=\"413\"")
        .containsPattern("method=\"GET\",route=\"/v1/volumes/\\{id}\",status=\"400\"");
  }
}
