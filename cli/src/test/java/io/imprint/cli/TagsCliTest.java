package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tag-attach}, {@code tag-detach} and {@code tags}, as {@code ibmcloud resource tag-attach
 * --resource-id CRN --tag-names TAGS} and {@code ibmcloud resource tags}.
 */
class TagsCliTest {
  private static ServerForCli server;

  @TempDir Path home;

  @BeforeAll
  static void start() {
    server = new ServerForCli();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void a_user_tags_a_volume_by_its_crn_lists_the_tags_sees_them_on_the_volume_and_detaches_one() {
    var cli =
        new Cli(home).env("IMPRINT_URL", server.url()).env("IMPRINT_APIKEY", ServerForCli.APIKEY);
    var created = cli.createInstance("tag-cli", "--output", "JSON");
    assertThat(created.exit()).as(created.toString()).isZero();
    var volumeId =
        created
            .object()
            .getAsJsonObject("boot_volume_attachment")
            .getAsJsonObject("volume")
            .get("id")
            .getAsString();
    var crn = cli.run("volume", volumeId, "--output", "JSON").object().get("crn").getAsString();

    var attached = cli.run("tag-attach", "--resource-id", crn, "--tag-names", "env:prod,Team:A");
    assertThat(attached.exit()).as(attached.toString()).isZero();
    assertThat(attached.out()).contains("OK");

    var listed = cli.run("tags", "--attached-to", crn);
    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).contains("Name").contains("env:prod").contains("team:a");
    assertThat(cli.run("volume", volumeId).out()).containsPattern("User tags +env:prod, team:a");

    assertThat(cli.run("tag-detach", "--resource-id", crn, "--tag-names", "env:prod").exit())
        .isZero();
    var after = cli.run("tags", "--attached-to", crn, "--output", "JSON").array();
    assertThat(after).hasSize(1);
    assertThat(after.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("team:a");
  }

  @Test
  void tagging_a_crn_that_names_nothing_says_so_and_exits_1() {
    var cli =
        new Cli(home).env("IMPRINT_URL", server.url()).env("IMPRINT_APIKEY", ServerForCli.APIKEY);
    var result =
        cli.run(
            "tag-attach",
            "--resource-id",
            "crn:v1:bluemix:public:is:us-south:a/0::image:r006-missing",
            "--tag-names",
            "x");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("r006-missing").contains("not found");
  }
}
