package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI does around the API: exit codes, confirmation, names, progress, requests, help and
 * completion.
 */
class CliBehaviourTest {
  private static ServerForCli server;

  @TempDir Path home;
  private Cli cli;

  @BeforeAll
  static void start() {
    server = new ServerForCli();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void login() {
    cli = new Cli(home).env("IMPRINT_URL", server.url()).env("IMPRINT_APIKEY", ServerForCli.APIKEY);
  }

  private String stoppedInstanceBootVolume(String name) {
    var created = cli.createInstance(name, "--output", "JSON");
    assertThat(created.exit()).as(created.toString()).isZero();
    assertThat(cli.run("instance-stop", name, "--wait", "-q").exit()).isZero();
    return created
        .object()
        .getAsJsonObject("boot_volume_attachment")
        .getAsJsonObject("volume")
        .get("id")
        .getAsString();
  }

  @Test
  void image_create_wait_draws_a_progress_bar_on_a_terminal() throws Exception {
    var volume = stoppedInstanceBootVolume("bar-1");
    var data = new byte[96 << 20];
    new Random(3).nextBytes(data);
    var put =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.url()
                                + "/imprint/v1/volumes/"
                                + volume
                                + "/content?version=2026-03-24&offset=0"))
                    .header("Authorization", "Bearer " + server.administratorToken())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(data))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isLessThan(300);

    var created =
        cli.atTerminal("").run("image-create", "bar-1-image", "--source-volume", volume, "--wait");
    assertThat(created.exit()).as(created.toString()).isZero();
    assertThat(created.err())
        .as("redrawn in place")
        .contains("\r")
        .containsPattern("\\[[#.]{30}\\] +\\d+%  .* / .*ETA ");
    assertThat(created.err()).endsWith(" is available.\n");
    assertThat(created.out()).contains("Status                         available");
  }

  @Test
  void a_delete_asks_on_a_terminal_and_is_refused_without_one_unless_forced() {
    stoppedInstanceBootVolume("del-1");
    var noTerminal = cli.run("instance-delete", "del-1");
    assertThat(noTerminal.exit()).isEqualTo(2);
    assertThat(noTerminal.err()).contains("not deleting without -f");

    var declined =
        new Cli(home)
            .env("IMPRINT_URL", server.url())
            .env("IMPRINT_APIKEY", ServerForCli.APIKEY)
            .atTerminal("n\n")
            .run("instance-delete", "del-1");
    assertThat(declined.exit()).isEqualTo(1);
    assertThat(declined.out())
        .contains("This will delete instance del-1 (")
        .contains("Continue [y/N] ?");
    assertThat(cli.run("instance", "del-1").exit()).as("still there").isZero();

    var accepted =
        new Cli(home)
            .env("IMPRINT_URL", server.url())
            .env("IMPRINT_APIKEY", ServerForCli.APIKEY)
            .atTerminal("y\n")
            .run("instance-delete", "del-1");
    assertThat(accepted.exit()).as(accepted.toString()).isZero();
    assertThat(accepted.out()).contains("is deleted.");
  }

  @Test
  void instance_stop_asks_on_a_terminal_unless_f_and_no_wait_is_the_api_force() {
    try (var proxy = RecordingProxy.forwardingTo(server.url())) {
      stoppedInstanceBootVolume("stop-1");
      assertThat(cli.run("instance-start", "stop-1", "--wait", "-q").exit()).isZero();
      var through =
          new Cli(home).env("IMPRINT_URL", proxy.url()).env("IMPRINT_APIKEY", ServerForCli.APIKEY);

      var declined =
          new Cli(home)
              .env("IMPRINT_URL", proxy.url())
              .env("IMPRINT_APIKEY", ServerForCli.APIKEY)
              .atTerminal("n\n");
      var no = declined.run("instance-stop", "stop-1");
      assertThat(no.exit()).as(no.toString()).isEqualTo(1);
      assertThat(no.out()).contains("This will stop instance stop-1 (").contains("[y/N]");
      assertThat(no.err()).contains("The instance was not stopped.");
      assertThat(proxy.seen())
          .noneMatch(r -> r.method().equals("POST") && !r.path().startsWith("/identity/"));

      var forced =
          new Cli(home)
              .env("IMPRINT_URL", proxy.url())
              .env("IMPRINT_APIKEY", ServerForCli.APIKEY)
              .atTerminal("")
              .run("instance-stop", "stop-1", "--no-wait", "-f");
      assertThat(forced.exit()).as(forced.toString()).isZero();
      assertThat(forced.out())
          .as("no question; a forced stop is stopped at once")
          .doesNotContain("[y/N]")
          .endsWith(" is stopped.\n");
      assertThat(actionBodies(proxy)).containsExactly("{\"type\":\"stop\",\"force\":true}");

      assertThat(through.run("instance-start", "stop-1", "--wait", "-q").exit()).isZero();
      var plain = through.run("instance-stop", "stop-1", "--force", "--wait", "-q");
      assertThat(plain.exit()).as("off a terminal nobody is asked").isZero();
      assertThat(through.run("instance-start", "stop-1", "--wait", "-q").exit()).isZero();
      var yes =
          new Cli(home)
              .env("IMPRINT_URL", proxy.url())
              .env("IMPRINT_APIKEY", ServerForCli.APIKEY)
              .atTerminal("y\n")
              .run("instance-reboot", "stop-1", "--no-wait");
      assertThat(yes.exit()).as(yes.toString()).isZero();
      assertThat(yes.out()).contains("This will reboot instance stop-1 (");
      assertThat(actionBodies(proxy))
          .containsExactly(
              "{\"type\":\"stop\",\"force\":true}",
              "{\"type\":\"start\"}",
              "{\"type\":\"stop\"}",
              "{\"type\":\"start\"}",
              "{\"type\":\"reboot\",\"force\":true}");
      assertThat(through.run("instance-start", "stop-1", "-f").exit())
          .as("start has neither flag, as on the real CLI")
          .isEqualTo(2);
    }
  }

  private static java.util.List<String> actionBodies(RecordingProxy proxy) {
    return proxy.seen().stream()
        .filter(r -> r.method().equals("POST") && r.path().endsWith("/actions"))
        .map(RecordingProxy.Seen::body)
        .toList();
  }

  @Test
  void an_api_error_prints_its_code_message_and_trace_and_exits_1() {
    var missing = cli.run("instance", "0717_00000000-0000-4000-8000-000000000000");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err())
        .startsWith("FAILED\n")
        .contains("no instance with ID or name 0717_00000000-0000-4000-8000-000000000000");

    var refused =
        cli.run(
            "instance-create",
            "bad",
            "default-vpc",
            "us-south-1",
            "no-such-profile",
            "default-subnet-us-south-1",
            "--image",
            "ibm-debian-12-minimal-amd64-1");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("FAILED\nError code: ")
        .contains("Error message: ")
        .contains("Target: profile")
        .containsPattern("Trace ID: [0-9a-f-]{36}");
  }

  @Test
  void usage_mistakes_exit_2() {
    assertThat(cli.run("no-such-command").exit()).isEqualTo(2);
    assertThat(cli.run("images", "--status", "bogus").exit()).isEqualTo(2);
    assertThat(cli.run("images", "--output", "yaml").exit()).isEqualTo(2);
    assertThat(cli.run("image-create", "x").exit()).as("no source").isEqualTo(2);
    assertThat(cli.run("image-create", "x", "--file", "file:///a.raw").exit())
        .as("no --os-name")
        .isEqualTo(2);
    assertThat(cli.run("image-update", "x").exit()).as("nothing to change").isEqualTo(2);
    assertThat(cli.run("images", "--resource-group-id", "a", "--resource-group-name", "b").exit())
        .isEqualTo(2);
    assertThat(new Cli(home).run("login", "--url", "ftp://x").exit()).isEqualTo(2);
  }

  @Test
  void json_output_is_accepted_in_either_case_and_a_list_is_a_bare_array() {
    var lower = cli.run("images", "--output", "json");
    assertThat(lower.exit()).isZero();
    assertThat(lower.json().isJsonArray()).isTrue();
    // without --status only available images: the newest stock version of each family
    assertThat(lower.array()).hasSize(8);
    assertThat(cli.run("operating-systems", "--output", "JSON").array()).isNotEmpty();
    assertThat(cli.run("instance-profiles", "--output", "JSON").array()).isNotEmpty();
    assertThat(
            cli.run("resource-groups", "--output", "JSON")
                .array()
                .get(0)
                .getAsJsonObject()
                .get("name")
                .getAsString())
        .isEqualTo("Default");
  }

  @Test
  void volume_profiles_lists_each_profile_with_the_capacities_and_iops_it_allows() {
    var listed = cli.run("volume-profiles");
    assertThat(listed.exit()).as(listed.toString()).isZero();
    var json = cli.run("volume-profiles", "--output", "JSON").array();
    assertThat(json).hasSize(5);
    for (var element : json) {
      var profile = element.getAsJsonObject();
      var capacity = profile.getAsJsonObject("capacity");
      var iops = profile.getAsJsonObject("iops");
      assertThat(listed.out())
          .containsPattern(
              "(?m)^"
                  + profile.get("name").getAsString()
                  + "\\s+"
                  + profile.get("family").getAsString()
                  + "\\s+"
                  + capacity.get("min").getAsString()
                  + "-"
                  + capacity.get("max").getAsString()
                  + "\\s+\\d+-\\d+\\s+"
                  + iops.get("min").getAsString()
                  + "-"
                  + iops.get("max").getAsString()
                  + "\\s*$");
    }
    assertThat(listed.out()).contains("general-purpose", "sdp");
  }

  @Test
  void without_a_login_or_a_server_the_cli_says_what_to_do() {
    var nothing = new Cli(home).run("images");
    assertThat(nothing.exit()).isEqualTo(1);
    assertThat(nothing.err()).contains("imprint login --url URL");

    var nobody = new Cli(home).env("IMPRINT_URL", "http://127.0.0.1:9").run("images");
    assertThat(nobody.exit()).isEqualTo(1);
    assertThat(nobody.err()).contains("cannot reach http://127.0.0.1:9");
  }

  @Test
  void an_ambiguous_name_is_an_error_that_lists_the_matches() {
    var twins =
        """
        {"limit":100,"total_count":2,"first":{"href":"x"},"images":[
         {"id":"r006-11111111-1111-4111-8111-111111111111","name":"twin","status":"available","resource_group":{"name":"Default"}},
         {"id":"r006-22222222-2222-4222-8222-222222222222","name":"twin","status":"deprecated","resource_group":{"name":"team"}}]}""";
    try (var stub = RecordingProxy.answering(seen -> new RecordingProxy.Answer(200, twins))) {
      var result = new Cli(home).env("IMPRINT_URL", stub.url()).run("image", "twin");
      assertThat(result.exit()).isEqualTo(1);
      assertThat(result.err())
          .contains("2 images are named twin")
          .contains("r006-11111111-1111-4111-8111-111111111111  available  resource group Default")
          .contains("r006-22222222-2222-4222-8222-222222222222  deprecated  resource group team");
    }
  }

  @Test
  void image_shows_its_resource_group_by_name_looked_up_when_the_reference_has_none_else_the_id() {
    var image =
        """
        {"id":"r006-11111111-1111-4111-8111-111111111111","name":"bare","status":"available",
         "resource_group":{"id":"0123456789abcdef0123456789abcdef"}}""";
    var groups =
        """
        {"resources":[{"id":"0123456789abcdef0123456789abcdef","name":"team"}]}""";
    for (var groupsAnswer :
        new RecordingProxy.Answer[] {
          new RecordingProxy.Answer(200, groups),
          new RecordingProxy.Answer(500, "{\"errors\":[{\"code\":\"internal_error\"}]}")
        }) {
      try (var stub =
          RecordingProxy.answering(
              seen ->
                  seen.path().startsWith("/v2/resource_groups")
                      ? groupsAnswer
                      : new RecordingProxy.Answer(200, image))) {
        var shown =
            new Cli(home)
                .env("IMPRINT_URL", stub.url())
                .run("image", "r006-11111111-1111-4111-8111-111111111111");
        assertThat(shown.exit()).as(shown.toString()).isZero();
        assertThat(shown.out())
            .containsPattern(
                "(?m)^Resource group +"
                    + (groupsAnswer.status() == 200 ? "team" : "0123456789abcdef0123456789abcdef")
                    + "$");
      }
    }
  }

  @Test
  void requests_carry_version_generation_a_request_id_and_the_right_content_types() {
    try (var proxy = RecordingProxy.forwardingTo(server.url())) {
      var through =
          new Cli(home).env("IMPRINT_URL", proxy.url()).env("IMPRINT_APIKEY", ServerForCli.APIKEY);
      var volume = stoppedInstanceBootVolume("shape-1");
      assertThat(
              through
                  .run("image-create", "shape-1-image", "--source-volume", volume, "--wait", "-q")
                  .exit())
          .isZero();
      assertThat(through.run("image-update", "shape-1-image", "--deprecate-at", "+3d", "-q").exit())
          .isZero();
      assertThat(through.run("image-update", "shape-1-image", "--reset-deprecate-at", "-q").exit())
          .isZero();
      assertThat(through.run("images", "-q").exit()).isZero();
      assertThat(through.run("resource-groups", "-q").exit()).isZero();

      // the API's requests; the token requests are sdk-core's own
      var requests = proxy.seen().stream().filter(r -> !r.path().startsWith("/identity/")).toList();
      assertThat(requests).isNotEmpty();
      var requestIds = new java.util.HashSet<String>();
      for (var r : requests) {
        assertThat(r.header("Accept"))
            .as(r.method() + " " + r.path())
            .isEqualTo("application/json");
        assertThat(r.header("X-Request-Id"))
            .as(r.method() + " " + r.path())
            .matches("[0-9a-f-]{36}");
        requestIds.add(r.header("X-Request-Id"));
        if (r.path().startsWith("/v2/")) {
          assertThat(r.query()).as("Resource Manager is not versioned").isNull();
        } else {
          assertThat(r.query())
              .as(r.method() + " " + r.path())
              .contains("version=2026-03-24")
              .contains("generation=2");
        }
      }
      assertThat(requestIds).as("a fresh id per request").hasSize(requests.size());
      var post =
          requests.stream()
              .filter(r -> r.method().equals("POST") && r.path().equals("/v1/images"))
              .findFirst()
              .orElseThrow();
      assertThat(post.header("Content-Type")).startsWith("application/json");
      var patches = requests.stream().filter(r -> r.method().equals("PATCH")).toList();
      assertThat(patches).hasSize(2);
      patches.forEach(
          p -> assertThat(p.header("Content-Type")).startsWith("application/merge-patch+json"));
      assertThat(patches.get(1).body())
          .as("a reset is an explicit null")
          .isEqualTo("{\"deprecation_at\":null}");
      assertThat(
              requests.stream()
                  .filter(
                      r ->
                          r.path().equals("/v1/images")
                              && r.method().equals("GET")
                              && !r.query().contains("name="))
                  .findFirst()
                  .orElseThrow()
                  .query())
          .as("the real CLI's default status filter")
          .contains("status=available");
    }
  }

  @Test
  void help_and_the_completion_script_are_printed() {
    var help = cli.run("--help");
    assertThat(help.exit()).isZero();
    for (var command :
        new String[] {
          "images",
          "image-create",
          "image-create-from-instance",
          "image-update",
          "image-deprecate",
          "image-obsolete",
          "image-delete",
          "instances",
          "instance-create",
          "instance-stop",
          "volumes",
          "volume-create",
          "resource-groups",
          "operating-systems",
          "instance-profiles",
          "volume-profiles",
          "login",
          "target",
          "generate-completion"
        }) {
      assertThat(help.out())
          .containsPattern(
              Pattern.compile("^\\s+" + Pattern.quote(command) + "\\b", Pattern.MULTILINE));
    }
    var completion = cli.run("generate-completion");
    assertThat(completion.exit()).isZero();
    assertThat(completion.out()).contains("complete -F").contains("image-create");
  }
}
