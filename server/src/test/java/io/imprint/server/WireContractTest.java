package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        .startsWith("n".repeat(128))
        .endsWith("(4000 characters)");
    assertThat(response.errorMessage()).doesNotContain("n".repeat(129));

    var limit = "9".repeat(4000);
    var query = api.get("/v1/images?limit=" + limit);
    assertThat(query.status()).isEqualTo(400);
    assertThat(query.raw().length()).isLessThan(1500);
    assertThat(query.raw()).doesNotContain("9".repeat(129));
  }

  @Test
  void a_body_over_the_configured_limit_is_413() {
    var response = api.post("/v1/vpcs", obj("name", "x", "padding", "p".repeat(5000)));
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.errorCode()).isEqualTo("http_request_size_exceeded");
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
}
