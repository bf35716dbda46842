package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The story the CLI exists for, against a real server: log in, create an instance, stop it, capture
 * its boot volume into an image with --wait, then see it in the tables.
 */
class ImageFromVolumeCliTest {
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
  void a_user_logs_in_captures_a_stopped_instance_boot_volume_and_lists_the_image()
      throws Exception {
    var cli = new Cli(home);
    var golden = new Golden(server.url());

    var login = cli.run("login", "--url", server.url(), "--apikey", ServerForCli.APIKEY);
    assertThat(login.exit()).as(login.toString()).isZero();
    var config = home.resolve(".imprint/config.json");
    assertThat(Files.getPosixFilePermissions(config))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(config)).contains(server.url());

    var target = cli.run("target", "-g", "Default");
    assertThat(target.exit()).as(target.toString()).isZero();
    assertThat(target.out())
        .contains("Resource group:   Default")
        .contains("API key:          set (saved by imprint login)");
    assertThat(cli.env("IMPRINT_APIKEY", ServerForCli.APIKEY).run("target").out())
        .contains("API key:          set (IMPRINT_APIKEY)");

    var created =
        cli.run(
            "instance-create",
            "web-1",
            "default-vpc",
            "us-south-1",
            "bx2-2x8",
            "default-subnet-us-south-1",
            "--image",
            "ibm-ubuntu-24-04-minimal-amd64-1",
            "--output",
            "JSON");
    assertThat(created.exit()).as(created.toString()).isZero();
    var instance = created.object();
    assertThat(instance.get("name").getAsString()).isEqualTo("web-1");
    assertThat(instance.getAsJsonObject("resource_group").get("name").getAsString())
        .isEqualTo("Default");
    var bootVolume =
        instance
            .getAsJsonObject("boot_volume_attachment")
            .getAsJsonObject("volume")
            .get("id")
            .getAsString();
    server.renameVolume(bootVolume, "web-1-boot");

    var stopped = cli.run("instance-stop", "web-1", "--wait");
    assertThat(stopped.exit()).as(stopped.toString()).isZero();
    assertThat(stopped.out()).endsWith(" is stopped.\n");

    var capture = cli.run("image-create", "web-1-image", "--source-volume", "web-1-boot", "--wait");
    assertThat(capture.exit()).as(capture.toString()).isZero();
    assertThat(capture.err())
        .as("plain progress lines off a terminal")
        .containsPattern("(?m)^[a-z_]+: \\d+% \\(.* of .*\\)$")
        .contains("is available.");
    golden.assertMatches("image-create-wait", capture.out());

    var images = cli.run("images", "--visibility", "private");
    assertThat(images.exit()).as(images.toString()).isZero();
    golden.assertMatches("images-private", images.out());

    var json = cli.run("images", "--visibility", "private", "--output", "JSON");
    assertThat(json.array()).hasSize(1);
    var image = json.array().get(0).getAsJsonObject();
    assertThat(image.get("status").getAsString()).isEqualTo("available");
    assertThat(image.getAsJsonObject("source_volume").get("name").getAsString())
        .isEqualTo("web-1-boot");
    assertThat(
            image.getAsJsonObject("file").getAsJsonObject("checksums").get("sha256").getAsString())
        .hasSize(64);

    golden.assertMatches("instances", cli.run("instances").out());
    golden.assertMatches("volumes", cli.run("volumes").out());

    var view = cli.run("image", "web-1-image");
    assertThat(view.exit()).isZero();
    golden.assertMatches("image", view.out());

    var quiet = cli.run("images", "--visibility", "private", "-q");
    assertThat(quiet.out()).as("no context line with -q").startsWith("ID ");
  }
}
