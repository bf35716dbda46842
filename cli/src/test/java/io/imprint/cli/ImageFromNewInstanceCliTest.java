package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * image-create-from-instance against a real server: instance-create, wait for running, stop, wait
 * for stopped, image-create --source-volume, in one command.
 */
class ImageFromNewInstanceCliTest {
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

  private static String[] fromNewInstance(String image, String instance, String... more) {
    var args = new ArrayList<>(List.of("image-create-from-instance", image, instance));
    args.addAll(Cli.INSTANCE_PLACE);
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private List<String> instanceNames() {
    var names = new ArrayList<String>();
    cli.run("instances", "--output", "JSON")
        .array()
        .forEach(i -> names.add(i.getAsJsonObject().get("name").getAsString()));
    return names;
  }

  @Test
  void one_command_creates_the_instance_stops_it_and_captures_its_boot_volume() {
    var created =
        cli.run(
            fromNewInstance(
                "copy-1", "copy-vm-1", "--deprecate-at", "+30d", "--wait", "--output", "JSON"));
    assertThat(created.exit()).as(created.toString()).isZero();

    var image = created.object();
    assertThat(image.get("name").getAsString()).isEqualTo("copy-1");
    assertThat(image.get("status").getAsString()).isEqualTo("available");
    assertThat(
            Duration.between(
                Instant.now(), Instant.parse(image.get("deprecation_at").getAsString())))
        .isBetween(Duration.ofDays(29), Duration.ofDays(31));
    var instance = cli.run("instance", "copy-vm-1", "--output", "JSON").object();
    assertThat(instance.get("status").getAsString()).isEqualTo("stopped");
    var bootVolume = instance.getAsJsonObject("boot_volume_attachment").getAsJsonObject("volume");
    assertThat(image.getAsJsonObject("source_volume").get("id").getAsString())
        .isEqualTo(bootVolume.get("id").getAsString());
    assertThat(image.getAsJsonObject("resource_group").get("name").getAsString())
        .isEqualTo("Default");

    var id = instance.get("id").getAsString();
    assertThat(created.err())
        .as("each step, then image-create --wait's progress, then what is left")
        .contains("Instance " + id + " (copy-vm-1) is created; waiting until it is running...")
        .contains("Stopping instance " + id + "; waiting until it is stopped...")
        .contains(
            "Capturing boot volume "
                + bootVolume.get("id").getAsString()
                + " ("
                + bootVolume.get("name").getAsString()
                + ") into image copy-1...")
        .containsPattern("(?m)^[a-z_]+: \\d+% \\(.* of .*\\)$")
        .contains("Image " + image.get("id").getAsString() + " is available.")
        .endsWith(
            "Instance "
                + id
                + " (copy-vm-1) stays, stopped: 'imprint instance-delete "
                + id
                + " -f' deletes it and its boot volume.\n");

    var table = cli.run(fromNewInstance("copy-2", "copy-vm-2"));
    assertThat(table.exit()).as(table.toString()).isZero();
    assertThat(table.err())
        .endsWith(" deletes it and its boot volume once the image is available.\n");
    assertThat(table.out())
        .startsWith(
            "Creating image copy-2 from a new instance copy-vm-2 in the default resource group at "
                + server.url()
                + "...\n")
        .contains("Name                           copy-2");
  }

  @Test
  void a_failure_after_the_instance_exists_names_the_instance_to_clean_up() {
    var refused = cli.run(fromNewInstance("ibm-reserved", "left-vm-1"));
    assertThat(refused.exit()).isEqualTo(1);
    var id = cli.run("instance", "left-vm-1", "--output", "JSON").object().get("id").getAsString();
    assertThat(refused.err())
        .contains("FAILED\nError code: ")
        .contains("Target: name")
        .endsWith(
            "Instance "
                + id
                + " (left-vm-1) was created and is left stopped: 'imprint instance-delete "
                + id
                + " -f' deletes it and its boot volume.\n");
  }

  @Test
  void mistakes_found_before_anything_is_created_leave_nothing_behind() {
    var imported = cli.run(fromNewInstance("taken-1", "taken-vm-1", "--wait", "-q"));
    assertThat(imported.exit()).as(imported.toString()).isZero();
    var taken = cli.run(fromNewInstance("taken-1", "taken-vm-2"));
    assertThat(taken.exit()).isEqualTo(1);
    assertThat(taken.err())
        .contains("an image named taken-1 exists")
        .contains("nothing was created");

    var badDate = cli.run(fromNewInstance("dated-1", "dated-vm-1", "--deprecate-at", "soon"));
    assertThat(badDate.exit()).isEqualTo(2);
    var badCapacity =
        cli.run(fromNewInstance("big-1", "big-vm-1", "--boot-volume-capacity", "251"));
    assertThat(badCapacity.exit()).isEqualTo(1);
    assertThat(badCapacity.err()).doesNotContain("was created");

    assertThat(instanceNames()).doesNotContain("taken-vm-2", "dated-vm-1", "big-vm-1");
  }
}
