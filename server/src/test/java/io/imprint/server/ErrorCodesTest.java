package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.imprint.core.domain.common.ErrorCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every IBM error code Imprint has is one a real request gets: for each code of {@link ErrorCode},
 * a recipe of real requests to a real server, and the answer checked as IBM shapes it — the code's
 * HTTP status, {@code errors[0]} with the code, a message, {@code more_info} and the target where
 * one field is at fault, {@code trace} equal to the request's {@code X-Request-Id}, and {@code
 * status_code}. The recipes are an exhaustive switch without a default, so a code added to the enum
 * does not compile here until it comes with the request that produces it.
 *
 * <p>The 500s come from real faults: a blob file altered on disk (the data is damaged) or replaced
 * by a directory (the blob store fails to read it, which nothing maps: the fallback body). {@code
 * conflict} needs two transactions that really overlap, which only PostgreSQL has (SQLite writes
 * one at a time): a second server on an embedded PostgreSQL, started for that code alone.
 */
class ErrorCodesTest {
  static final int CHUNK = 4 << 20;
  static final String NO_SUCH_ID = "r006-00000000-0000-4000-8000-000000000000";
  static TestServer server;
  static Api api;
  static String subnet;
  static String stockImage;
  static EmbeddedPostgres postgres;
  static TestServer postgresServer;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("max-body-bytes", "4096"));
    api = server.api();
    subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    stockImage =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body().at("/images/0/id").asText();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    if (postgresServer != null) {
      postgresServer.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /** What the error must name as its target, or nothing. */
  record Target(String name, String type) {
    static final Target NONE = null;

    static Target field(String name) {
      return new Target(name, "field");
    }

    static Target parameter(String name) {
      return new Target(name, "parameter");
    }

    static Target header(String name) {
      return new Target(name, "header");
    }
  }

  /** The answer to the one request of a recipe that must fail, with the request id it was sent. */
  record Answer(int status, JsonNode body, String sentRequestId, String echoedRequestId) {}

  @FunctionalInterface
  interface Request {
    Answer send(String requestId) throws Exception;
  }

  record Recipe(Target target, Request request) {}

  @ParameterizedTest(name = "{0}")
  @EnumSource(ErrorCode.class)
  void every_error_code_is_answered_with_its_status_and_ibm_error_body(ErrorCode code)
      throws Exception {
    var recipe = recipe(code);

    var answer = recipe.request().send(UUID.randomUUID().toString());

    var body = answer.body();
    assertThat(answer.status()).as("status; body %s", body).isEqualTo(code.httpStatus());
    assertThat(body.path("errors").size()).as("%s", body).isEqualTo(1);
    var error = body.path("errors").path(0);
    assertThat(error.path("code").asText()).as("%s", body).isEqualTo(code.code());
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.path("more_info").asText())
        .isEqualTo("https://cloud.ibm.com/docs/vpc?topic=vpc-rias-error-messages#" + code.code());
    assertThat(body.path("status_code").asInt()).isEqualTo(code.httpStatus());
    assertThat(body.path("trace").asText()).isEqualTo(answer.sentRequestId());
    assertThat(answer.echoedRequestId()).isEqualTo(answer.sentRequestId());
    if (recipe.target() == Target.NONE) {
      assertThat(error.has("target")).as("%s", body).isFalse();
    } else {
      assertThat(error.at("/target/name").asText())
          .as("%s", body)
          .isEqualTo(recipe.target().name());
      assertThat(error.at("/target/type").asText()).isEqualTo(recipe.target().type());
    }
  }

  static Recipe recipe(ErrorCode code) {
    return switch (code) {
      case MISSING_VERSION ->
          new Recipe(Target.parameter("version"), id -> raw(id, "GET", "/v1/images"));
      case INVALID_VERSION ->
          new Recipe(
              Target.parameter("version"), id -> raw(id, "GET", "/v1/images?version=yesterday"));
      case INVALID_VERSION_RANGE ->
          new Recipe(
              Target.parameter("version"), id -> raw(id, "GET", "/v1/images?version=2018-12-31"));
      case INVALID_GENERATION ->
          new Recipe(
              Target.parameter("generation"),
              id -> raw(id, "GET", "/v1/images?version=" + Api.VERSION + "&generation=1"));
      case BAD_REQUEST ->
          new Recipe(Target.NONE, id -> answer(id, api.post("/v1/volumes", "{\"name\": ", h(id))));
      case VALIDATION_REQUIRED_FIELD ->
          new Recipe(
              Target.field("zone"),
              id ->
                  answer(
                      id,
                      api.post(
                          "/v1/volumes",
                          obj("capacity", 10, "profile", obj("name", "general-purpose")),
                          h(id))));
      case VALIDATION_INVALID_FIELD_TYPE ->
          new Recipe(Target.field("capacity"), id -> createVolume(id, "typed", "ten"));
      case VALIDATION_ENUM ->
          new Recipe(
              Target.parameter("visibility"),
              id -> answer(id, api.get("/v1/images?visibility=secret", h(id))));
      case VALIDATION_INVALID_NAME ->
          new Recipe(Target.field("name"), id -> createVolume(id, "Not_Valid", 10));
      case VALIDATION_MAX_VALUE ->
          new Recipe(Target.field("capacity"), id -> createVolume(id, "too-big", 16001));
      case VALIDATION_MIN_VALUE ->
          new Recipe(Target.field("capacity"), id -> createVolume(id, "too-small", 5));
      case VALIDATION_NOT_NULL ->
          new Recipe(
              Target.field("name"),
              id -> {
                var volume = dataVolume("keeps-its-name", 10);
                return answer(
                    id, api.patch("/v1/volumes/" + volume, obj("name", (Object) null), h(id)));
              });
      case VALIDATION_ONLY_ONE ->
          new Recipe(
              Target.field("source_volume"),
              id -> answer(id, api.post("/v1/images", obj("name", "from-nothing"), h(id))));
      case VALIDATION_UNIQUE_FAILED ->
          new Recipe(
              Target.field("name"),
              id -> {
                dataVolume("twin", 10);
                return createVolume(id, "twin", 10);
              });
      case INVALID_VALUE ->
          new Recipe(
              Target.parameter("offset"),
              id -> {
                var volume = dataVolume("misaligned", 10);
                return answer(
                    id,
                    api.putBytes(
                        "/imprint/v1/volumes/" + volume + "/content?offset=100",
                        new byte[512],
                        h(id)));
              });
      case INVALID_ID_FORMAT ->
          new Recipe(
              Target.parameter("start"),
              id -> answer(id, api.get("/v1/images?start=not-a-token", h(id))));
      case REFERENCE_NOT_FOUND ->
          new Recipe(
              Target.field("profile.name"),
              id ->
                  answer(
                      id,
                      api.post(
                          "/v1/volumes",
                          obj(
                              "capacity",
                              10,
                              "profile",
                              obj("name", "no-such-profile"),
                              "zone",
                              obj("name", "us-south-1")),
                          h(id))));
      case IMAGE_NOT_USABLE ->
          new Recipe(
              Target.field("image"),
              id -> {
                var image = importedImage("soon-obsolete", random(1000, 1));
                assertThat(api.post("/v1/images/" + image + "/obsolete", null).status())
                    .isEqualTo(204);
                return answer(id, api.post("/v1/instances", instanceFrom(image, "late"), h(id)));
              });
      case CONTENT_TOO_LARGE ->
          new Recipe(
              Target.parameter("offset"),
              id -> {
                var volume = dataVolume("full", 10);
                return answer(
                    id,
                    api.putBytes(
                        "/imprint/v1/volumes/" + volume + "/content?offset=" + (10L << 30),
                        new byte[512],
                        h(id)));
              });
      case MISSING_CONTENT_LENGTH ->
          new Recipe(Target.header("Content-Length"), ErrorCodesTest::chunkedUpload);
      case INVALID_CONTENT ->
          new Recipe(
              Target.NONE,
              id -> {
                var volume = dataVolume("not-qcow2", 10);
                // the qcow2 magic, then nothing a qcow2 header needs
                var bogus = ByteBuffer.allocate(64).putInt(0x514649fb).array();
                return answer(
                    id, api.putBytes("/imprint/v1/volumes/" + volume + "/content", bogus, h(id)));
              });
      case SOURCE_VOLUME_NOT_BOOT ->
          new Recipe(
              Target.field("source_volume"),
              id -> {
                var instance = stoppedInstance("with-data", null);
                var data = dataVolume("attached-data", 10);
                var attach =
                    api.post(
                        "/v1/instances/" + instance.path("id").asText() + "/volume_attachments",
                        obj("volume", obj("id", data)));
                assertThat(attach.status()).as(attach.raw()).isEqualTo(201);
                return capture(id, data);
              });
      case SOURCE_VOLUME_NO_OPERATING_SYSTEM ->
          new Recipe(
              Target.field("source_volume"), id -> capture(id, dataVolume("loose-data", 10)));
      case SOURCE_VOLUME_NOT_ATTACHED ->
          new Recipe(
              Target.field("source_volume"),
              id -> {
                var instance =
                    stoppedInstance(
                        "leaves-its-boot", obj("delete_volume_on_instance_delete", false));
                var boot = bootVolume(instance);
                assertThat(api.delete("/v1/instances/" + instance.path("id").asText()).status())
                    .isEqualTo(204);
                return capture(id, boot);
              });
      case SOURCE_VOLUME_CAPACITY_UNSUPPORTED ->
          new Recipe(
              Target.field("source_volume"),
              id -> {
                // an sdp boot volume may grow past 250 GB, which no image can be made from
                var instance =
                    stoppedInstance("grown", obj("volume", obj("profile", obj("name", "sdp"))));
                var boot = bootVolume(instance);
                var grown = api.patch("/v1/volumes/" + boot, obj("capacity", 300));
                assertThat(grown.status()).as(grown.raw()).isEqualTo(200);
                return capture(id, boot);
              });
      case REFRESH_TOKEN_INVALID ->
          new Recipe(
              Target.NONE,
              id ->
                  answer(
                      id,
                      api.raw(
                          "POST",
                          "/identity/token",
                          "grant_type=refresh_token&refresh_token=not-one-of-ours",
                          "application/x-www-form-urlencoded",
                          h(id))));
      case TOO_MANY_REQUESTS -> new Recipe(Target.NONE, ErrorCodesTest::guessedKeys);
      case TOKEN_MISSING ->
          new Recipe(
              Target.NONE,
              id ->
                  answer(
                      id, api.get("/v1/images", Map.of("X-Request-Id", id, "Authorization", ""))));
      case TOKEN_INVALID ->
          new Recipe(
              Target.NONE,
              id ->
                  answer(
                      id,
                      api.get(
                          "/v1/images",
                          Map.of("X-Request-Id", id, "Authorization", "Bearer not.a.token"))));
      case NOT_AUTHORIZED ->
          new Recipe(
              Target.NONE,
              id ->
                  answer(
                      id,
                      api.as(server.tokenOf(Callers.user(server, "nobody-" + id)))
                          .get("/v1/images", h(id))));
      case NOT_FOUND ->
          new Recipe(Target.NONE, id -> answer(id, api.get("/v1/images/" + NO_SUCH_ID, h(id))));
      case METHOD_NOT_ALLOWED ->
          new Recipe(Target.NONE, id -> raw(id, "DELETE", "/v1/regions?version=" + Api.VERSION));
      case INVALID_STATE ->
          new Recipe(
              Target.NONE,
              id -> answer(id, api.post("/v1/images/" + stockImage + "/deprecate", null, h(id))));
      case VOLUME_ATTACHED ->
          new Recipe(
              Target.NONE,
              id -> {
                var boot = bootVolume(stoppedInstance("keeps-its-boot", null));
                return answer(id, api.delete("/v1/volumes/" + boot, h(id)));
              });
      case VOLUME_BUSY ->
          new Recipe(
              Target.field("source_volume"),
              id -> whileACaptureWaits("busy", (instance, boot) -> capture(id, boot)));
      case INSTANCE_NOT_STOPPED ->
          new Recipe(
              Target.field("source_volume"),
              id -> {
                var running = api.post("/v1/instances", instanceFrom(stockImage, "running"));
                assertThat(running.status()).as(running.raw()).isEqualTo(201);
                return capture(id, bootVolume(running.body()));
              });
      case INSTANCE_IMAGE_CREATION ->
          new Recipe(
              Target.NONE,
              id ->
                  whileACaptureWaits(
                      "held",
                      (instance, boot) ->
                          answer(
                              id,
                              api.post(
                                  "/v1/instances/" + instance + "/actions",
                                  obj("type", "start"),
                                  h(id)))));
      case RESOURCE_GROUP_NOT_EMPTY ->
          new Recipe(
              Target.NONE,
              id -> {
                var group =
                    api.post("/v2/resource_groups", obj("name", "holds-a-volume"))
                        .body()
                        .path("id")
                        .asText();
                var volume =
                    api.post(
                        "/v1/volumes",
                        obj(
                            "name",
                            "in-a-group",
                            "capacity",
                            10,
                            "profile",
                            obj("name", "general-purpose"),
                            "zone",
                            obj("name", "us-south-1"),
                            "resource_group",
                            obj("id", group)));
                assertThat(volume.status()).as(volume.raw()).isEqualTo(201);
                return answer(id, api.delete("/v2/resource_groups/" + group, h(id)));
              });
      case DEFAULT_RESOURCE_GROUP ->
          new Recipe(
              Target.NONE,
              id -> {
                var groups = api.raw("GET", "/v2/resource_groups", null, null, Map.of()).body();
                String defaultGroup = null;
                for (var group : groups.path("resources")) {
                  if (group.path("default").asBoolean()) {
                    defaultGroup = group.path("id").asText();
                  }
                }
                assertThat(defaultGroup).as("%s", groups).isNotNull();
                return answer(id, api.delete("/v2/resource_groups/" + defaultGroup, h(id)));
              });
      case ENTITY_LOCKED ->
          new Recipe(
              Target.NONE,
              id -> {
                var serviceId =
                    api.raw(
                            "POST",
                            "/v1/serviceids",
                            "{\"name\":\"locked-on-purpose\"}",
                            "application/json",
                            Map.of("Entity-Lock", "true"))
                        .body()
                        .path("id")
                        .asText();
                return answer(
                    id, api.raw("DELETE", "/v1/serviceids/" + serviceId, null, null, h(id)));
              });
      case ACCESS_GROUP_NOT_EMPTY ->
          new Recipe(
              Target.NONE,
              id -> {
                var group =
                    api.raw(
                            "POST",
                            "/v2/groups",
                            "{\"name\":\"full\"}",
                            "application/json",
                            Map.of())
                        .body()
                        .path("id")
                        .asText();
                var member =
                    api.raw(
                            "POST",
                            "/v1/serviceids",
                            "{\"name\":\"a-member\"}",
                            "application/json",
                            Map.of())
                        .body()
                        .path("iam_id")
                        .asText();
                api.raw(
                    "PUT",
                    "/v2/groups/" + group + "/members",
                    "{\"members\":[{\"iam_id\":\"" + member + "\",\"type\":\"service\"}]}",
                    "application/json",
                    Map.of());
                return answer(id, api.raw("DELETE", "/v2/groups/" + group, null, null, h(id)));
              });
      case CONFLICT -> new Recipe(Target.NONE, ErrorCodesTest::concurrentUpdates);
      case KEY_ACTION_INVALID_STATE ->
          new Recipe(
              Target.NONE,
              id -> {
                var key = KeyProtect.createKey(api, "disabled-twice");
                var path = "/api/v2/keys/" + key + "/actions/disable";
                api.raw("POST", path, null, null, KeyProtect.instance());
                return answer(id, api.raw("POST", path, null, null, keyHeaders(id)));
              });
      case PROTECTED_RESOURCE ->
          new Recipe(
              Target.NONE,
              id -> {
                var key = KeyProtect.createKey(api, "protecting");
                KeyProtect.register(server, api, key, "crn:v1:bluemix:public:is:::volume:x");
                return answer(
                    id, api.raw("DELETE", "/api/v2/keys/" + key, null, null, keyHeaders(id)));
              });
      case UNPROCESSABLE_CIPHERTEXT ->
          new Recipe(
              Target.NONE,
              id -> {
                var key = KeyProtect.createKey(api, "unwrapping-garbage");
                return answer(
                    id,
                    api.raw(
                        "POST",
                        "/api/v2/keys/" + key + "/actions/unwrap",
                        "{\"ciphertext\":\"bm90IGEgY2lwaGVydGV4dCBvZiBvdXJz\"}",
                        "application/json",
                        keyHeaders(id)));
              });
      case PRECONDITION_FAILED ->
          new Recipe(
              Target.header("If-Match"),
              id -> {
                var volume = dataVolume("stale-etag", 10);
                return answer(
                    id,
                    api.patch(
                        "/v1/volumes/" + volume,
                        obj("name", "renamed"),
                        Map.of("X-Request-Id", id, "If-Match", "W/\"999\"")));
              });
      case RANGE_NOT_SATISFIABLE ->
          new Recipe(
              Target.header("Range"),
              id -> {
                var volume = dataVolume("short-range", 10);
                return answer(
                    id,
                    api.getBytes(
                        "/imprint/v1/volumes/" + volume + "/content",
                        Map.of("X-Request-Id", id, "Range", "bytes=20000000000-")));
              });
      case HTTP_REQUEST_SIZE_EXCEEDED ->
          new Recipe(
              Target.NONE,
              id ->
                  answer(
                      id,
                      api.post("/v1/vpcs", obj("name", "x", "padding", "p".repeat(5000)), h(id))));
      case UNSUPPORTED_MEDIA_TYPE ->
          new Recipe(
              Target.header("Content-Type"),
              id ->
                  answer(
                      id,
                      api.raw(
                          "POST",
                          "/v1/vpcs?version=" + Api.VERSION,
                          "name=x",
                          "application/x-www-form-urlencoded",
                          h(id))));
      case URI_TOO_LONG ->
          new Recipe(
              Target.NONE,
              id -> socket("GET /v1/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n"));
      case REQUEST_HEADER_FIELDS_TOO_LARGE ->
          new Recipe(
              Target.NONE,
              id ->
                  socket(
                      "GET /v1/vpcs HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n"));
      case UPGRADE_REQUIRED ->
          new Recipe(Target.NONE, id -> socket("GET /v1/vpcs HTTP/2.0\r\nHost: x\r\n"));
      case HTTP_VERSION_NOT_SUPPORTED ->
          new Recipe(Target.NONE, id -> socket("GET /v1/vpcs HTTP/3.1\r\nHost: x\r\n"));
      case NOT_IMPLEMENTED ->
          new Recipe(
              Target.header("Transfer-Encoding"),
              id -> {
                var answer =
                    socket(
                        "POST /v1/vpcs?version="
                            + Api.VERSION
                            + " HTTP/1.1\r\nHost: x\r\nX-Request-Id: "
                            + id
                            + "\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: gzip, chunked\r\n",
                        "2\r\n{}\r\n0\r\n\r\n");
                return new Answer(answer.status(), answer.body(), id, answer.echoedRequestId());
              });
      case SERVICE_UNAVAILABLE -> new Recipe(Target.NONE, ErrorCodesTest::saturatedUpload);
      case API_KEY_NOT_FOUND ->
          new Recipe(
              Target.NONE,
              id ->
                  answer(
                      id,
                      api.raw(
                          "POST",
                          "/identity/token",
                          "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey="
                              + "x".repeat(44),
                          "application/x-www-form-urlencoded",
                          h(id))));
      case INSUFFICIENT_STORAGE -> new Recipe(Target.NONE, ErrorCodesTest::uploadToAFullDisk);
      case IMAGE_DATA_CORRUPTED ->
          new Recipe(
              Target.NONE,
              id -> {
                var image = importedImage("altered", random(1000, 2));
                alter(blobFile(image));
                return answer(
                    id,
                    api.getBytes(
                        "/imprint/v1/images/" + image + "/content",
                        Map.of("X-Request-Id", id, "Range", "bytes=0-999")));
              });
      case VOLUME_DATA_CORRUPTED ->
          new Recipe(
              Target.NONE,
              id -> {
                var volume = volumeWithContent("altered-volume");
                alter(blobFile(volume));
                return answer(id, readContent(id, volume));
              });
      case INTERNAL_ERROR ->
          new Recipe(
              Target.NONE,
              id -> {
                // the blob store cannot read the blob (an I/O error, not damage): nothing maps
                // that, so the fallback answers
                var volume = volumeWithContent("unreadable-volume");
                var blob = blobFile(volume);
                Files.delete(blob);
                Files.createDirectory(blob);
                return answer(id, readContent(id, volume));
              });
    };
  }

  /**
   * A request Jetty refuses before reading any header: the trace to expect is the {@code
   * X-Request-Id} the answer carries.
   */
  static Answer socket(String requestHead) throws Exception {
    return socket(requestHead, "");
  }

  static Answer socket(String requestHead, String body) throws Exception {
    var answer = RawHttp.send(server.baseUrl(), requestHead, body);
    return new Answer(answer.status(), answer.json(), answer.requestId(), answer.requestId());
  }

  /**
   * Wrong API keys from one address until the token endpoint stops asking the store: a server of
   * its own, so that the address stays welcome at the others.
   */
  static Answer guessedKeys(String requestId) {
    try (var guarded = TestServer.start()) {
      var guessing = guarded.api();
      Api.Response last = null;
      for (int attempt = 0; attempt < 20; attempt++) {
        last =
            guessing.raw(
                "POST",
                "/identity/token",
                "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey="
                    + ("guess" + attempt + "-").repeat(8),
                "application/x-www-form-urlencoded",
                Map.of("X-Request-Id", requestId, "Authorization", ""));
        if (last.status() == 429) {
          assertThat(attempt).as("failures allowed before the throttle").isEqualTo(10);
          assertThat(last.header("Retry-After")).isEqualTo("300");
          assertThat(guarded.api().get("/metrics", Map.of()).raw())
              .contains("imprint_iam_token_throttled_total 1.0")
              .contains("imprint_iam_token_failures_total 10.0");
          break;
        }
      }
      return answer(requestId, last);
    }
  }

  /**
   * Uploads that each hold a chunk buffer (they sent part of a chunk and wait) until the write
   * buffers are spent; one more upload then waits the server's buffer wait and is refused with 503.
   * A server of its own, with a short wait.
   */
  static Answer saturatedUpload(String requestId) throws Exception {
    try (var busy = TestServer.start(Map.of("buffer-wait", "PT0.2S"))) {
      var busyApi = busy.api();
      var port = URI.create(busy.baseUrl()).getPort();
      var stalled = new ArrayList<java.net.Socket>();
      try {
        for (int attempt = 0; attempt < 64; attempt++) {
          var last =
              busyApi.putBytes(
                  "/imprint/v1/volumes/" + volumeOn(busyApi, "spare-" + attempt) + "/content",
                  new byte[4096],
                  h(requestId));
          if (last.status() == 503) {
            assertThat(last.header("Retry-After")).isEqualTo("5");
            return answer(requestId, last);
          }
          // one more upload that takes a buffer and keeps it: part of a chunk, then nothing
          var socket = new java.net.Socket("127.0.0.1", port);
          stalled.add(socket);
          var volume = volumeOn(busyApi, "stalled-" + attempt);
          socket
              .getOutputStream()
              .write(
                  RawHttp.withToken(
                          busy.baseUrl(),
                          "PUT /imprint/v1/volumes/"
                              + volume
                              + "/content HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                              + "Content-Length: "
                              + (2 * CHUNK)
                              + "\r\n\r\n")
                      .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
          socket.getOutputStream().write(new byte[CHUNK / 4]);
          socket.getOutputStream().flush();
        }
        throw new AssertionError("64 stalled uploads never spent the write buffers");
      } finally {
        for (var socket : stalled) {
          socket.close();
        }
      }
    }
  }

  /** An upload to a server whose data dir is on a file system with 8 MiB left. */
  static Answer uploadToAFullDisk(String requestId) throws Exception {
    try (var disk = SmallDisk.mount(160L << 20);
        var full = TestServer.startOn(disk.root.resolve("data"))) {
      var volume = volumeOn(full.api(), "on-a-full-disk");
      // nothing left to reclaim in the background that could free space after the fill
      full.server().disks().reclaim();
      disk.fill(8L << 20);
      return answer(
          requestId,
          full.api()
              .putBytes(
                  "/imprint/v1/volumes/" + volume + "/content",
                  random(24 << 20, 11),
                  h(requestId)));
    }
  }

  static String volumeOn(Api on, String name) {
    var created =
        on.post(
            "/v1/volumes",
            obj(
                "name",
                name,
                "capacity",
                10,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1")));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().path("id").asText();
  }

  static Map<String, String> keyHeaders(String requestId) {
    return Map.of("X-Request-Id", requestId, "bluemix-instance", KeyProtect.INSTANCE);
  }

  static Map<String, String> h(String requestId) {
    return Map.of("X-Request-Id", requestId);
  }

  static Answer answer(String requestId, Api.Response response) {
    return new Answer(
        response.status(), response.body(), requestId, response.header("X-Request-Id"));
  }

  static Answer answer(String requestId, Api.BytesResponse response) {
    return new Answer(
        response.status(), response.json(), requestId, response.header("X-Request-Id"));
  }

  /** A request exactly as written: no version or generation added. */
  static Answer raw(String requestId, String method, String pathAndQuery) {
    return answer(requestId, api.raw(method, pathAndQuery, null, null, h(requestId)));
  }

  static Answer createVolume(String requestId, String name, Object capacity) {
    return answer(
        requestId,
        api.post(
            "/v1/volumes",
            obj(
                "name",
                name,
                "capacity",
                capacity,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1")),
            h(requestId)));
  }

  static String dataVolume(String name, int gb) {
    var response = createVolume(UUID.randomUUID().toString(), name, gb);
    assertThat(response.status()).as("%s", response.body()).isEqualTo(201);
    return response.body().path("id").asText();
  }

  static String volumeWithContent(String name) {
    var volume = dataVolume(name, 10);
    var put = api.putBytes("/imprint/v1/volumes/" + volume + "/content", random(CHUNK + 100, 3));
    assertThat(put.status()).as(put.raw()).isEqualTo(200);
    return volume;
  }

  static Api.BytesResponse readContent(String requestId, String volume) {
    return api.getBytes(
        "/imprint/v1/volumes/" + volume + "/content",
        Map.of("X-Request-Id", requestId, "Range", "bytes=0-999"));
  }

  static Map<String, Object> instanceFrom(String image, String name) {
    return obj(
        "name",
        name,
        "zone",
        obj("name", "us-south-1"),
        "image",
        obj("id", image),
        "primary_network_interface",
        obj("subnet", obj("id", subnet)));
  }

  /** A stopped instance of the stock image, with {@code bootVolume} as its boot attachment. */
  static JsonNode stoppedInstance(String name, Map<String, Object> bootVolume) {
    var request = instanceFrom(stockImage, name);
    if (bootVolume != null) {
      request.put("boot_volume_attachment", bootVolume);
    }
    var created = api.post("/v1/instances", request);
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    var id = created.body().path("id").asText();
    api.post("/v1/instances/" + id + "/actions", obj("type", "stop", "force", true));
    return api.awaitField("/v1/instances/" + id, "status", "stopped").body();
  }

  static String bootVolume(JsonNode instance) {
    return instance.at("/boot_volume_attachment/volume/id").asText();
  }

  static Answer capture(String requestId, String volume) {
    return answer(
        requestId, api.post("/v1/images", obj("source_volume", obj("id", volume)), h(requestId)));
  }

  @FunctionalInterface
  interface WhileHeld {
    Answer send(String instance, String bootVolume) throws Exception;
  }

  /**
   * Runs {@code request} while a capture of a stopped instance's boot volume is queued (the job
   * runner paused), then lets the capture finish.
   */
  static Answer whileACaptureWaits(String name, WhileHeld request) throws Exception {
    var instance = stoppedInstance(name + "-vm", null);
    var boot = bootVolume(instance);
    server.server().jobs().pause();
    try {
      var queued = api.post("/v1/images", obj("name", name, "source_volume", obj("id", boot)));
      assertThat(queued.status()).as(queued.raw()).isEqualTo(201);
      return request.send(instance.path("id").asText(), boot);
    } finally {
      server.server().jobs().resume();
    }
  }

  static String importedImage(String name, byte[] content) throws Exception {
    var file = server.dataDir().resolve("import").resolve(name + ".img");
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    var created =
        api.post(
            "/v1/images",
            obj(
                "name",
                name,
                "file",
                obj("href", file.toUri().toString()),
                "operating_system",
                obj("name", "debian-12-amd64")));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    var id = created.body().path("id").asText();
    api.awaitField("/v1/images/" + id, "status", "available");
    return id;
  }

  static Path blobFile(String diskId) {
    var blob = server.server().disks().chunks(diskId).getFirst().blobId();
    return server.dataDir().resolve("blobs").resolve(blob.substring(0, 2)).resolve(blob);
  }

  static void alter(Path blob) throws Exception {
    var bytes = Files.readAllBytes(blob);
    bytes[40] ^= 0x10;
    Files.write(blob, bytes);
  }

  static byte[] random(int n, long seed) {
    var bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** A content upload without a Content-Length: the body is sent in chunked encoding. */
  static Answer chunkedUpload(String requestId) throws Exception {
    var volume = dataVolume("unmeasured", 10);
    var request =
        HttpRequest.newBuilder(
                URI.create(api.baseUrl() + "/imprint/v1/volumes/" + volume + "/content"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/octet-stream")
            .header("X-Request-Id", requestId)
            .header("Authorization", "Bearer " + server.administratorToken())
            .PUT(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(new byte[4096])))
            .build();
    try (var client = HttpClient.newHttpClient()) {
      var response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          Api.JSON.readTree(response.body()),
          requestId,
          response.headers().firstValue("X-Request-Id").orElse(null));
    }
  }

  /**
   * Updates of one volume, many at once, until two transactions overlap and the later
   * compare-and-set finds the row changed; the others succeed. Each request has its own id, and the
   * answer carries the one of the request that lost.
   */
  static Answer concurrentUpdates(String unused) throws Exception {
    var pg = postgresApi();
    var created =
        pg.post(
            "/v1/volumes",
            obj(
                "name",
                "contended",
                "capacity",
                10,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1")));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    var volume = created.body().path("id").asText();
    var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int round = 0;
    while (System.nanoTime() < deadline) {
      var calls = new ArrayList<Callable<Answer>>();
      for (int i = 0; i < 12; i++) {
        var id = UUID.randomUUID().toString();
        var tags = List.of("round-" + round + "-" + i);
        calls.add(
            () -> answer(id, pg.patch("/v1/volumes/" + volume, obj("user_tags", tags), h(id))));
      }
      round++;
      for (var answer : Races.race(calls)) {
        assertThat(answer.status()).as("%s", answer.body()).isIn(200, 409);
        if (answer.status() == 409) {
          return answer;
        }
      }
    }
    throw new AssertionError("no two of " + 12 * round + " concurrent updates overlapped");
  }

  static synchronized Api postgresApi() throws Exception {
    if (postgresServer == null) {
      postgres = EmbeddedPostgres.builder().start();
      postgresServer =
          TestServer.start(
              Map.of(
                  "store", "postgres",
                  "postgres.url", postgres.getJdbcUrl("postgres", "postgres"),
                  "postgres.user", "postgres",
                  "postgres.password", "postgres"));
    }
    return postgresServer.api();
  }
}
