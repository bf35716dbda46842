package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that outlives its token gets another and goes on (terraform-provider-ibm#4267 is a
 * capture that failed this way). sdk-core judges a token by this machine's clock against the {@code
 * expiration} the token endpoint stated, which the server counts on its own real-time clock. That
 * clock is set two minutes behind here, with one-minute tokens: every token the CLI gets has
 * expired a minute ago by its own clock, as after a long wait, so each request must fetch a new
 * one. Deterministic, and without waiting for a token to age.
 */
class TokenRenewalCliTest {
  private static ServerForCli server;
  private static RecordingProxy proxy;

  @TempDir Path home;

  @BeforeAll
  static void start() {
    var behind = InstantSource.offset(InstantSource.system(), Duration.ofMinutes(-2));
    server = new ServerForCli(Map.of("token-ttl", "PT1M"), behind);
    proxy = RecordingProxy.forwardingTo(server.url());
  }

  @AfterAll
  static void stop() {
    proxy.close();
    server.close();
  }

  @Test
  void a_capture_with_wait_gets_a_new_token_whenever_the_one_it_holds_has_expired() {
    var cli = new Cli(home);
    assertThat(cli.run("login", "--url", proxy.url(), "--apikey", ServerForCli.APIKEY).exit())
        .isZero();
    var instance = cli.createInstance("web-1", "--output", "JSON");
    assertThat(instance.exit()).as(instance.toString()).isZero();
    var bootVolume =
        instance
            .object()
            .getAsJsonObject("boot_volume_attachment")
            .getAsJsonObject("volume")
            .get("id")
            .getAsString();
    assertThat(cli.run("instance-stop", "web-1", "--wait", "-f").exit()).isZero();
    var before = proxy.seen().size();

    var capture = cli.run("image-create", "web-1-image", "--source-volume", bootVolume, "--wait");

    assertThat(capture.exit()).as(capture.toString()).isZero();
    assertThat(capture.err()).contains("is available.");
    var seen = proxy.seen().subList(before, proxy.seen().size());
    var api = seen.stream().filter(s -> !s.path().equals("/identity/token")).toList();
    var tokens = seen.stream().filter(s -> s.path().equals("/identity/token")).count();
    assertThat(api)
        .as("the capture was polled")
        .anySatisfy(s -> assertThat(s.path()).endsWith("/capture"));
    assertThat(tokens)
        .as("one token per request, each fetched when the last had expired")
        .isEqualTo(api.size());
    assertThat(api.stream().map(s -> s.header("Authorization")).distinct().count())
        .as("a new token on every request")
        .isEqualTo(api.size());
    assertThat(api).allSatisfy(s -> assertThat(s.header("Authorization")).startsWith("Bearer "));
  }
}
