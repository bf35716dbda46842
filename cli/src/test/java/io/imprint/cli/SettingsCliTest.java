package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI keeps its settings, and which settings go with which server. */
class SettingsCliTest {
  private static ServerForCli server;
  private static ServerForCli other;

  @TempDir Path accountHome;
  @TempDir Path freshHome;

  @BeforeAll
  static void start() {
    server = new ServerForCli();
    other = new ServerForCli();
  }

  @AfterAll
  static void stop() {
    server.close();
    other.close();
  }

  private Path config() {
    return accountHome.resolve(".imprint/config.json");
  }

  private void writeConfig(String json) throws Exception {
    Files.createDirectories(config().getParent());
    Files.writeString(config(), json);
  }

  private static String defaultGroupId(Cli cli) {
    return cli.run("resource-groups", "--output", "JSON")
        .array()
        .get(0)
        .getAsJsonObject()
        .get("id")
        .getAsString();
  }

  @Test
  void a_targeted_group_belongs_to_the_server_it_was_targeted_on() {
    var cli = new Cli(accountHome);
    assertThat(cli.run("login", "--url", server.url(), "--apikey", ServerForCli.APIKEY).exit())
        .isZero();
    assertThat(cli.run("target", "-g", "Default").exit()).isZero();

    assertThat(cli.run("login", "--url", other.url(), "--apikey", ServerForCli.APIKEY).exit())
        .isZero();
    assertThat(cli.run("target").out())
        .contains("No resource group targeted")
        .doesNotContain("Resource group:   Default");
    var created = cli.createInstance("elsewhere-1", "--output", "JSON");
    assertThat(created.exit()).as(created.toString()).isZero();
    assertThat(created.object().getAsJsonObject("resource_group").get("name").getAsString())
        .isEqualTo("Default");

    assertThat(cli.run("login", "--url", server.url(), "--apikey", ServerForCli.APIKEY).exit())
        .isZero();
    assertThat(cli.run("target").out())
        .as("the first server's target is still there")
        .contains("Resource group:   Default");
  }

  @Test
  void a_targeted_group_the_server_does_not_have_fails_naming_it_the_server_and_the_fix()
      throws Exception {
    writeConfig(
        "{\"url\": \""
            + server.url()
            + "\", \"apikey\": \""
            + ServerForCli.APIKEY
            + "\", \"resource_group_id\": \"0123456789abcdef0123456789abcdef\","
            + " \"resource_group_name\": \"team-gone\"}");
    var refused = new Cli(accountHome).createInstance("nowhere-1", "--output", "JSON");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("FAILED\n")
        .contains("the targeted resource group team-gone (ID 0123456789abcdef0123456789abcdef)")
        .contains("does not exist at " + server.url())
        .contains("'imprint target -g NAME'")
        .contains("'imprint target --unset-resource-group'");
    assertThat(new Cli(accountHome).run("instances", "--output", "JSON").array().toString())
        .doesNotContain("nowhere-1");
  }

  @Test
  void a_config_file_with_one_target_for_every_server_is_read_as_the_target_of_its_url()
      throws Exception {
    var cli = new Cli(accountHome);
    var group =
        defaultGroupId(
            cli.env("IMPRINT_URL", server.url()).env("IMPRINT_APIKEY", ServerForCli.APIKEY));
    cli.unset("IMPRINT_URL").unset("IMPRINT_APIKEY");
    writeConfig(
        "{\"url\": \""
            + server.url()
            + "\", \"apikey\": \""
            + ServerForCli.APIKEY
            + "\", \"resource_group_id\": \""
            + group
            + "\", \"resource_group_name\": \"Default\"}");
    assertThat(cli.run("target").out()).contains("Resource group:   Default");

    assertThat(cli.run("login", "--url", other.url(), "--apikey", ServerForCli.APIKEY).exit())
        .isZero();
    assertThat(cli.run("target").out())
        .contains("No resource group targeted")
        .contains("API key:          set");
    var file = Files.readString(config());
    assertThat(file).contains("\"endpoints\"").contains(group);
    assertThat(com.google.gson.JsonParser.parseString(file).getAsJsonObject().keySet())
        .as("rewritten in the new layout")
        .doesNotContain("resource_group_id", "resource_group_name");
    assertThat(cli.createInstance("elsewhere-2", "--output", "JSON").exit()).isZero();

    writeConfig("{\"resource_group_id\": \"" + group + "\", \"resource_group_name\": \"Default\"}");
    assertThat(
            cli.env("IMPRINT_URL", server.url())
                .env("IMPRINT_APIKEY", ServerForCli.APIKEY)
                .run("target")
                .out())
        .as("a file without a URL: its target was made against IMPRINT_URL")
        .contains("Resource group:   Default");
  }

  @Test
  void the_config_goes_under_HOME_when_it_is_set_else_under_the_account_home() throws Exception {
    var withHome =
        new Cli(accountHome)
            .unset("IMPRINT_HOME")
            .env("HOME", freshHome.toString())
            .run("login", "--url", server.url(), "--apikey", ServerForCli.APIKEY);
    assertThat(withHome.exit()).as(withHome.toString()).isZero();
    var config = freshHome.resolve(".imprint/config.json");
    assertThat(withHome.out()).contains("Settings saved in " + config);
    assertThat(Files.readString(config)).contains(server.url());
    assertThat(Files.getPosixFilePermissions(config))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(config.getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(accountHome.resolve(".imprint")).doesNotExist();

    var emptyHome =
        new Cli(accountHome)
            .unset("IMPRINT_HOME")
            .env("HOME", "")
            .run("login", "--url", server.url(), "--apikey", ServerForCli.APIKEY);
    assertThat(emptyHome.exit()).as(emptyHome.toString()).isZero();
    assertThat(accountHome.resolve(".imprint/config.json")).as("an empty HOME is unset").exists();
  }
}
