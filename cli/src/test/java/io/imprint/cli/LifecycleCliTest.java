package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every lifecycle command of the CLI against a real server whose clock the test moves. */
class LifecycleCliTest {
  private static ServerForCli server;
  private static int images;

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

  /** A fresh available image, imported from a raw file through the CLI. */
  private String newImage() throws Exception {
    var name = "life-" + ++images;
    var raw = new byte[1 << 20];
    new Random(images).nextBytes(raw);
    Files.write(server.importDir().resolve(name + ".raw"), raw);
    var created =
        cli.run(
            "image-create",
            name,
            "--file",
            "file://" + server.importDir().resolve(name + ".raw"),
            "--os-name",
            "ubuntu-24-04-amd64",
            "--wait",
            "-q",
            "--output",
            "JSON");
    assertThat(created.exit()).as(created.toString()).isZero();
    assertThat(created.object().get("status").getAsString()).isEqualTo("available");
    return name;
  }

  private JsonObject image(String name) {
    var shown = cli.run("image", name, "--output", "JSON");
    assertThat(shown.exit()).as(shown.toString()).isZero();
    return shown.object();
  }

  private Instant serverNow() {
    return Instant.parse(
        new Session(
                new Env(
                    java.util.Map.of(
                        "IMPRINT_URL", server.url(), "IMPRINT_APIKEY", ServerForCli.APIKEY),
                    home,
                    null,
                    null,
                    null,
                    false,
                    java.time.InstantSource.system(),
                    java.time.ZoneOffset.UTC))
            .client()
            .getClock()
            .get("now")
            .getAsString());
  }

  @Test
  void relative_dates_count_from_the_server_clock_and_the_scheduler_applies_them()
      throws Exception {
    var name = newImage();
    server.advanceClock("P400D"); // "now" is the server's, not this machine's
    var before = serverNow();
    var updated =
        cli.run(
            "image-update",
            name,
            "--deprecate-at",
            "+1d",
            "--obsolete-at",
            "+2w",
            "--output",
            "JSON");
    assertThat(updated.exit()).as(updated.toString()).isZero();
    var deprecation = Instant.parse(updated.object().get("deprecation_at").getAsString());
    var obsolescence = Instant.parse(updated.object().get("obsolescence_at").getAsString());
    assertThat(Duration.between(before.plus(Duration.ofDays(1)), deprecation))
        .isBetween(Duration.ZERO, Duration.ofSeconds(30));
    assertThat(Duration.between(before.plus(Duration.ofDays(14)), obsolescence))
        .isBetween(Duration.ZERO, Duration.ofSeconds(30));

    server.advanceClock("PT25H");
    assertThat(image(name).get("status").getAsString()).isEqualTo("deprecated");
    var listed = cli.run("images", "--status", "deprecated", "--output", "JSON");
    assertThat(listed.array().toString()).contains(name);
    assertThat(cli.run("images", "--output", "JSON").array().toString())
        .as("the default filter is available only")
        .doesNotContain(name);
  }

  @Test
  void deprecate_now_is_refused_while_a_date_is_set_and_works_after_a_reset() throws Exception {
    var name = newImage();
    assertThat(cli.run("image-update", name, "--deprecate-at", "+30d").exit()).isZero();

    var refused = cli.run("image-deprecate", name);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("FAILED\n")
        .contains("Error code: invalid_state")
        .contains("deprecation_at")
        .containsPattern("Trace ID: [0-9a-f-]{36}")
        .endsWith(
            "Tip: reset the date with 'image-update "
                + name
                + " --reset-deprecate-at', then deprecate again.\n");
    assertThat(image(name).get("status").getAsString()).isEqualTo("available");

    assertThat(cli.run("image-update", name, "--reset-deprecate-at").exit()).isZero();
    assertThat(image(name).has("deprecation_at")).isFalse();
    var deprecated = cli.run("image-deprecate", name, "--output", "JSON");
    assertThat(deprecated.exit()).as(deprecated.toString()).isZero();
    assertThat(deprecated.object().get("status").getAsString()).isEqualTo("deprecated");
    assertThat(deprecated.object().has("deprecation_at"))
        .as("the manual action sets the date to now")
        .isTrue();
  }

  @Test
  void obsolete_now_is_refused_while_a_date_is_set_with_a_tip_naming_the_reset() throws Exception {
    var name = newImage();
    assertThat(cli.run("image-update", name, "--obsolete-at", "+30d").exit()).isZero();
    var refused = cli.run("image-obsolete", name);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains("Error code: invalid_state")
        .endsWith(
            "Tip: reset the date with 'image-update "
                + name
                + " --reset-obsolete-at', then make it obsolete again.\n");
    assertThat(image(name).get("status").getAsString()).isEqualTo("available");
  }

  @Test
  void obsolete_then_reset_obsolete_at_returns_to_deprecated_or_available() throws Exception {
    var name = newImage();
    assertThat(cli.run("image-deprecate", name, "-q").exit()).isZero();
    var obsolete = cli.run("image-obsolete", name, "--output", "JSON");
    assertThat(obsolete.exit()).as(obsolete.toString()).isZero();
    assertThat(obsolete.object().get("status").getAsString()).isEqualTo("obsolete");
    assertThat(
            cli.run("images", "--status", "deprecated,obsolete", "--output", "JSON")
                .array()
                .toString())
        .contains(name);

    var back = cli.run("image-update", name, "--reset-obsolete-at", "--output", "JSON");
    assertThat(back.object().get("status").getAsString())
        .as("deprecation_at has passed")
        .isEqualTo("deprecated");
    var both = cli.run("image-update", name, "--reset-deprecate-at", "--output", "JSON");
    assertThat(both.object().get("status").getAsString()).isEqualTo("available");
  }

  @Test
  void
      an_instance_from_a_deprecated_image_is_created_with_a_warning_and_an_obsolete_one_is_refused()
          throws Exception {
    var name = newImage();
    assertThat(cli.run("image-deprecate", name, "-q").exit()).isZero();
    var created =
        cli.run(
            "instance-create",
            "from-deprecated",
            "default-vpc",
            "us-south-1",
            "bx2-2x8",
            "default-subnet-us-south-1",
            "--image",
            name,
            "-q");
    assertThat(created.exit()).as(created.toString()).isZero();
    assertThat(created.err()).startsWith("Warning: ").contains("deprecated");

    assertThat(cli.run("image-obsolete", name, "-q").exit()).isZero();
    var refused =
        cli.run(
            "instance-create",
            "from-obsolete",
            "default-vpc",
            "us-south-1",
            "bx2-2x8",
            "default-subnet-us-south-1",
            "--image",
            name);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("FAILED").contains("Target: image");
  }

  @Test
  void dates_in_the_past_and_unreadable_dates_are_refused() throws Exception {
    var name = newImage();
    var past = cli.run("image-update", name, "--deprecate-at", "2001-01-01T00:00:00Z");
    assertThat(past.exit()).as("the server refuses it").isEqualTo(1);
    assertThat(past.err()).contains("Target: deprecation_at");

    var unreadable = cli.run("image-update", name, "--deprecate-at", "next tuesday");
    assertThat(unreadable.exit()).as("a usage mistake").isEqualTo(2);
    assertThat(unreadable.err()).contains("--deprecate-at next tuesday is not a time");

    var both = cli.run("image-update", name, "--deprecate-at", "+1d", "--reset-deprecate-at");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(image(name).has("deprecation_at")).as("nothing changed").isFalse();
  }

  @Test
  void image_delete_with_json_prints_the_images_as_they_were_and_they_are_gone() throws Exception {
    var first = newImage();
    var second = newImage();
    var deleted = cli.run("image-delete", first, second, "-f", "--output", "JSON");
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    assertThat(deleted.array()).hasSize(2);
    assertThat(deleted.array().get(0).getAsJsonObject().get("name").getAsString()).isEqualTo(first);
    assertThat(deleted.array().get(0).getAsJsonObject().get("status").getAsString())
        .isEqualTo("available");
    // a delete is immediate: the images are gone when the command returns
    assertThat(cli.run("images", "--status", "all", "--output", "JSON").array().toString())
        .doesNotContain("\"" + first + "\"")
        .doesNotContain("\"" + second + "\"");
  }

  @Test
  void image_create_wait_ends_with_the_failed_status_and_exit_code_1_when_the_import_fails()
      throws Exception {
    // a qcow2 header cut off after 40 bytes: the import job finds it corrupted
    var broken = new byte[40];
    java.nio.ByteBuffer.wrap(broken)
        .putInt(0x514649fb)
        .putInt(3)
        .putLong(0)
        .putInt(0)
        .putInt(16)
        .putLong(1L << 30);
    Files.write(server.importDir().resolve("broken.qcow2"), broken);
    var created =
        cli.run(
            "image-create",
            "broken-import",
            "--file",
            "file://" + server.importDir().resolve("broken.qcow2"),
            "--os-name",
            "ubuntu-24-04-amd64",
            "--wait",
            "--output",
            "JSON");
    assertThat(created.exit()).as(created.toString()).isEqualTo(1);
    assertThat(created.err()).contains(" is failed.");
    assertThat(created.object().get("status").getAsString()).isEqualTo("failed");
    assertThat(
            created
                .object()
                .getAsJsonArray("status_reasons")
                .get(0)
                .getAsJsonObject()
                .get("code")
                .getAsString())
        .isEqualTo("image_data_corrupted");
  }
}
