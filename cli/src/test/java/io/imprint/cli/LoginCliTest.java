package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging in with an API key, and the key reaching the server as a Bearer token on every request. A
 * proxy in front of the server shows what the CLI sent: to the token endpoint, and to the API.
 */
class LoginCliTest {
  private static final String WRONG_KEY = "not-a-key-of-this-server-0123456789abcdef";

  private static ServerForCli server;
  private RecordingProxy proxy;

  @TempDir Path home;
  @TempDir Path files;

  @BeforeAll
  static void start() {
    server = new ServerForCli();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void startProxy() {
    proxy = RecordingProxy.forwardingTo(server.url());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private Path config() {
    return home.resolve(".imprint/config.json");
  }

  private List<RecordingProxy.Seen> tokenRequests() {
    return proxy.seen().stream().filter(s -> s.path().equals("/identity/token")).toList();
  }

  private List<RecordingProxy.Seen> apiRequests() {
    return proxy.seen().stream().filter(s -> !s.path().startsWith("/identity/")).toList();
  }

  /** The claims of the Bearer token a request carried. */
  private static JsonObject claims(RecordingProxy.Seen request) {
    var header = request.header("Authorization");
    assertThat(header).as(request.method() + " " + request.path()).startsWith("Bearer ");
    var parts = header.substring("Bearer ".length()).split("\\.");
    assertThat(parts).as("a JWT").hasSize(3);
    return JsonParser.parseString(
            new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
        .getAsJsonObject();
  }

  @Test
  void a_user_logs_in_with_an_api_key_and_every_later_request_carries_a_token_for_it()
      throws Exception {
    var cli = new Cli(home);

    var login = cli.run("login", "--url", proxy.url(), "--apikey", ServerForCli.APIKEY);
    assertThat(login.exit()).as(login.toString()).isZero();
    assertThat(login.out()).contains("Logged in to " + proxy.url() + " with an API key");
    assertThat(Files.readString(config())).contains(ServerForCli.APIKEY);
    assertThat(Files.getPosixFilePermissions(config()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(tokenRequests()).hasSize(1);
    assertThat(tokenRequests().get(0).body())
        .contains("grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey")
        .contains("apikey=" + ServerForCli.APIKEY);

    var images = cli.run("images");
    assertThat(images.exit()).as(images.toString()).isZero();
    assertThat(tokenRequests()).as("a new command asks for its own token").hasSize(2);
    assertThat(apiRequests()).isNotEmpty();
    for (var request : apiRequests()) {
      var claims = claims(request);
      assertThat(claims.get("iam_id").getAsString()).startsWith("IBMid-");
      assertThat(claims.get("exp").getAsLong() * 1000).isGreaterThan(System.currentTimeMillis());
    }

    assertThat(cli.run("target").out())
        .contains("API key:          set (saved by imprint login); every request carries a token");
  }

  @Test
  void a_wrong_key_fails_the_login_naming_the_refusal_and_saves_nothing() throws Exception {
    var cli = new Cli(home);
    assertThat(cli.run("login", "--url", server.url(), "--apikey", ServerForCli.APIKEY).exit())
        .isZero();
    var before = Files.readString(config());
    var seenBefore = proxy.seen().size();

    var refused = cli.run("login", "--url", proxy.url(), "--apikey", WRONG_KEY);

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("FAILED\n")
        .contains(
            "the API key given with --apikey was refused by "
                + proxy.url()
                + "/identity/token: Provided API key could not be found. (BXNIM0415E). Nothing"
                + " was saved.");
    assertThat(Files.readString(config())).isEqualTo(before);
    assertThat(proxy.seen().subList(seenBefore, proxy.seen().size()))
        .as("no API request with a refused key")
        .allSatisfy(r -> assertThat(r.path()).startsWith("/identity/"));
  }

  @Test
  void a_login_to_a_server_that_does_not_answer_fails_and_saves_nothing() {
    var cli = new Cli(home);
    var url = proxy.url();
    proxy.close();

    var unreachable = cli.run("login", "--url", url, "--apikey", ServerForCli.APIKEY);

    assertThat(unreachable.exit()).isEqualTo(1);
    assertThat(unreachable.err()).startsWith("FAILED\n").contains("cannot reach " + url);
    assertThat(config()).doesNotExist();
  }

  @Test
  void the_key_can_be_read_from_a_file_alone_or_in_ibm_cloud_s_json() throws Exception {
    var cli = new Cli(home);
    var plain = Files.writeString(files.resolve("apikey.txt"), "  " + ServerForCli.APIKEY + "\n");
    var login = cli.run("login", "--url", proxy.url(), "--apikey", "@" + plain);
    assertThat(login.exit()).as(login.toString()).isZero();
    assertThat(tokenRequests().get(0).body()).contains("apikey=" + ServerForCli.APIKEY + "&");
    assertThat(Files.readString(config())).contains("\"" + ServerForCli.APIKEY + "\"");

    var json =
        Files.writeString(
            files.resolve("apikey.json"),
            "{\n  \"name\": \"imprint\",\n  \"description\": \"\",\n  \"createdAt\":"
                + " \"2026-03-24T10:00+0000\",\n  \"apikey\": \""
                + ServerForCli.APIKEY
                + "\"\n}\n");
    var fromJson = cli.run("login", "--url", proxy.url(), "--apikey", "@" + json);
    assertThat(fromJson.exit()).as(fromJson.toString()).isZero();
    assertThat(tokenRequests().get(1).body()).contains("apikey=" + ServerForCli.APIKEY + "&");
  }

  @Test
  void a_missing_or_empty_key_file_is_a_usage_mistake_naming_the_file() throws Exception {
    var cli = new Cli(home);
    var missing = files.resolve("nowhere.txt");

    var absent = cli.run("login", "--url", proxy.url(), "--apikey", "@" + missing);
    assertThat(absent.exit()).isEqualTo(2);
    assertThat(absent.err()).contains("--apikey @" + missing + ": there is no file " + missing);

    var empty = Files.writeString(files.resolve("empty.txt"), "\n");
    var blank = cli.run("login", "--url", proxy.url(), "--apikey", "@" + empty);
    assertThat(blank.exit()).isEqualTo(2);
    assertThat(blank.err()).contains("the key is empty");

    assertThat(proxy.seen()).isEmpty();
    assertThat(config()).doesNotExist();
  }

  @Test
  void a_key_in_quotes_is_refused_before_anything_is_sent() {
    var quoted =
        new Cli(home)
            .run("login", "--url", proxy.url(), "--apikey", "\"" + ServerForCli.APIKEY + "\"");

    assertThat(quoted.exit()).isEqualTo(1);
    assertThat(quoted.err())
        .contains("the API key given with --apikey is not usable")
        .contains("remove any surrounding {, }, or \" characters");
    assertThat(proxy.seen()).isEmpty();
    assertThat(config()).doesNotExist();
  }

  @Test
  void a_login_without_apikey_checks_the_key_from_the_environment() {
    var cli = new Cli(home).env("IMPRINT_APIKEY", ServerForCli.APIKEY);

    var login = cli.run("login", "--url", proxy.url());

    assertThat(login.exit()).as(login.toString()).isZero();
    assertThat(login.out()).contains("with the API key from IMPRINT_APIKEY");
    assertThat(tokenRequests()).hasSize(1);
    var refused = cli.env("IMPRINT_APIKEY", WRONG_KEY).run("login", "--url", server.url());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains("the API key from IMPRINT_APIKEY was refused by " + server.url());
  }

  @Test
  void imprint_apikey_wins_over_ibmcloud_api_key_which_wins_over_the_saved_key() {
    var cli = new Cli(home);
    assertThat(cli.run("login", "--url", proxy.url(), "--apikey", ServerForCli.APIKEY).exit())
        .isZero();

    var ibm = cli.env("IBMCLOUD_API_KEY", WRONG_KEY).run("images");
    assertThat(ibm.exit()).isEqualTo(1);
    assertThat(ibm.err())
        .contains(
            "The API key from IBMCLOUD_API_KEY was refused by "
                + proxy.url()
                + "/identity/token: Provided API key could not be found. (BXNIM0415E)")
        .contains("Tip: IBMCLOUD_API_KEY may hold an IBM Cloud key: set IMPRINT_APIKEY");
    assertThat(cli.run("target").out()).contains("API key:          set (IBMCLOUD_API_KEY)");

    var imprint = cli.env("IMPRINT_APIKEY", ServerForCli.APIKEY).run("images");
    assertThat(imprint.exit()).as(imprint.toString()).isZero();
    assertThat(tokenRequests().getLast().body()).contains("apikey=" + ServerForCli.APIKEY + "&");
    assertThat(cli.run("target").out()).contains("API key:          set (IMPRINT_APIKEY)");
  }

  @Test
  void a_login_with_a_key_while_a_variable_holds_another_says_which_one_later_commands_use() {
    var login =
        new Cli(home)
            .env("IBMCLOUD_API_KEY", WRONG_KEY)
            .run("login", "--url", proxy.url(), "--apikey", ServerForCli.APIKEY);

    assertThat(login.exit()).as(login.toString()).isZero();
    assertThat(login.err())
        .contains("Note: IBMCLOUD_API_KEY is set, and later commands use its key instead");
  }

  @Test
  void logout_forgets_the_saved_key_and_later_commands_send_no_token() throws Exception {
    var cli = new Cli(home);
    assertThat(cli.run("login", "--url", proxy.url(), "--apikey", ServerForCli.APIKEY).exit())
        .isZero();

    var logout = cli.run("logout");
    assertThat(logout.exit()).as(logout.toString()).isZero();
    assertThat(logout.out()).contains("Logged out: the API key is removed from " + config());
    assertThat(Files.readString(config()))
        .doesNotContain(ServerForCli.APIKEY)
        .contains(proxy.url());

    var seenBefore = proxy.seen().size();
    // the server wants a token: without the key the command is refused, with the tip
    var refused = cli.run("images");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("token_missing").contains("imprint login");
    var after = proxy.seen().subList(seenBefore, proxy.seen().size());
    assertThat(after).isNotEmpty().allSatisfy(s -> assertThat(s.path()).startsWith("/v1/"));
    assertThat(after).allSatisfy(s -> assertThat(s.header("Authorization")).isNull());
    assertThat(cli.run("target").out()).contains("API key:          none");

    assertThat(cli.run("logout").out()).contains("No API key was saved.");
    var stillSet = cli.env("IMPRINT_APIKEY", ServerForCli.APIKEY).run("logout");
    assertThat(stillSet.err()).contains("Note: IMPRINT_APIKEY is still set");
  }

  @Test
  void a_server_that_wants_a_token_tells_the_user_how_to_log_in() {
    try (var guarded =
        RecordingProxy.answering(
            request ->
                new RecordingProxy.Answer(
                    401,
                    "{\"errors\":[{\"code\":\"not_authenticated\",\"message\":\"The request"
                        + " carries no IAM token.\"}],\"trace\":\"t-401\"}"))) {
      var cli = new Cli(home).env("IMPRINT_URL", guarded.url());

      var refused = cli.run("images");

      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err())
          .startsWith("FAILED\n")
          .contains("Error code: not_authenticated")
          .contains("Error message: The request carries no IAM token.")
          .contains(
              "Tip: no API key is set: log in with 'imprint login --url URL --apikey KEY' (or"
                  + " --apikey @FILE), or set IBMCLOUD_API_KEY.");
    }
  }
}
