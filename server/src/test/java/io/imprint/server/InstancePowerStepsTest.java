package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An instance's power transitions take one step of time each ({@code instance-settle-step}),
 * counted on the deployment's clock: moving the virtual clock makes each step come, and a restart
 * in the middle resumes where the instance was.
 */
class InstancePowerStepsTest {
  /** Steps long enough that the real time a test takes never makes one come by itself. */
  static final Map<String, String> TEN_MINUTE_STEPS =
      Map.of("clock", "virtual", "instance-settle-step", "PT10M");

  @Test
  void an_instance_moves_one_step_each_time_the_clock_reaches_the_next_step() {
    try (var server = TestServer.start(TEN_MINUTE_STEPS)) {
      var api = server.api();
      var id = createInstance(api);
      assertThat(status(api, id)).isEqualTo("pending");

      advance(server, "PT9M");
      assertThat(status(api, id)).as("9 minutes into a 10-minute step").isEqualTo("pending");
      advance(server, "PT1M");
      assertThat(status(api, id)).isEqualTo("starting");
      advance(server, "PT10M");
      assertThat(status(api, id)).isEqualTo("running");

      assertThat(api.post("/v1/instances/" + id + "/actions", obj("type", "stop")).status())
          .isEqualTo(201);
      advance(server, "PT5M");
      assertThat(status(api, id)).isEqualTo("stopping");
      advance(server, "PT5M");
      assertThat(status(api, id)).isEqualTo("stopped");
    }
  }

  @Test
  void a_step_under_way_when_the_server_stops_comes_after_the_restart() throws Exception {
    var dir = Files.createTempDirectory("imprint-steps");
    try {
      String id;
      try (var first = TestServer.startOn(dir, TEN_MINUTE_STEPS)) {
        id = createInstance(first.api());
        advance(first, "PT10M");
        assertThat(status(first.api(), id)).isEqualTo("starting");
      }
      // the new server's virtual clock starts again from real time, minutes before the step's time
      try (var second = TestServer.startOn(dir, TEN_MINUTE_STEPS)) {
        second.runDueJobs();
        assertThat(status(second.api(), id)).isEqualTo("starting");
        advance(second, "PT30M");
        assertThat(status(second.api(), id)).isEqualTo("running");
      }
    } finally {
      TestServer.deleteTree(dir);
    }
  }

  private static String createInstance(Api api) {
    var image =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body().at("/images/0/id").asText();
    var subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    var created =
        api.post(
            "/v1/instances",
            obj(
                "name",
                "stepping",
                "zone",
                obj("name", "us-south-1"),
                "image",
                obj("id", image),
                "primary_network_interface",
                obj("subnet", obj("id", subnet))));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().path("id").asText();
  }

  /** Moves the server's virtual clock through its API, then runs what came due. */
  private static void advance(TestServer server, String duration) {
    assertThat(server.api().post("/imprint/v1/clock", obj("advance", duration)).status())
        .isEqualTo(200);
    server.runDueJobs();
  }

  private static String status(Api api, String id) {
    return api.get("/v1/instances/" + id).body().path("status").asText();
  }
}
