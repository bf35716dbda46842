package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customer-managed encryption from the command line, against a real server: a user makes a root key
 * with {@code imprint kp key-create} and names it by CRN when creating a volume, an instance (its
 * boot volume) or an image from a boot volume. Each test has its own Key Protect instance.
 */
class EncryptionCliTest {
  private static ServerForCli server;

  @TempDir Path home;

  private final String kpInstance = UUID.randomUUID().toString();

  @BeforeAll
  static void start() {
    server = new ServerForCli();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private Cli cli() {
    return new Cli(home)
        .env("IMPRINT_URL", server.url())
        .env("IMPRINT_APIKEY", ServerForCli.APIKEY)
        .env("KP_INSTANCE_ID", kpInstance);
  }

  private static Cli.Result ok(Cli.Result result) {
    assertThat(result.exit()).as(result.toString()).isZero();
    return result;
  }

  private static Cli.Result refused(Cli.Result result) {
    assertThat(result.exit()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).startsWith("FAILED\n").contains("Trace ID: ");
    return result;
  }

  /** The key as {@code kp key-create --output JSON} prints it. */
  private static JsonObject createKey(Cli cli, String name) {
    return ok(cli.run("kp", "key-create", name, "--output", "JSON")).object();
  }

  private static String crn(JsonObject key) {
    return key.get("crn").getAsString();
  }

  /** A {@code Details} row: the label, spaces, then exactly {@code value}. */
  private static Pattern row(String label, String value) {
    return Pattern.compile("(?m)^" + Pattern.quote(label) + " +" + Pattern.quote(value) + "$");
  }

  private static String bootVolumeOf(JsonObject instance) {
    return instance
        .getAsJsonObject("boot_volume_attachment")
        .getAsJsonObject("volume")
        .get("id")
        .getAsString();
  }

  private static String keyCrnOf(JsonObject resource) {
    var key = resource.getAsJsonObject("encryption_key");
    return key == null ? null : key.get("crn").getAsString();
  }

  @Test
  void a_user_captures_a_boot_volume_into_an_image_under_a_new_root_key() {
    var cli = cli();
    var key = crn(createKey(cli, "images"));
    var instance = ok(cli.createInstance("enc-web-1", "--output", "JSON")).object();
    var volume = bootVolumeOf(instance);
    ok(cli.run("instance-stop", "enc-web-1", "--wait", "-q"));

    var capture =
        ok(
            cli.run(
                "image-create",
                "enc-web-1-image",
                "--source-volume",
                volume,
                "--encryption-key-volume",
                key,
                "--wait"));
    assertThat(capture.err()).contains("is available.");
    assertThat(capture.out())
        .containsPattern(row("Status", "available"))
        .containsPattern(row("Encryption", "user_managed"))
        .containsPattern(row("Encryption key", key));

    var shown = ok(cli.run("image", "enc-web-1-image"));
    assertThat(shown.out())
        .containsPattern(row("Encryption", "user_managed"))
        .containsPattern(row("Encryption key", key));
    var json = ok(cli.run("image", "enc-web-1-image", "--output", "JSON")).object();
    assertThat(json.get("encryption").getAsString()).isEqualTo("user_managed");
    assertThat(keyCrnOf(json)).isEqualTo(key);
    assertThat(ok(cli.run("images", "--visibility", "private", "-q")).out())
        .containsPattern("(?m)^\\S+ +enc-web-1-image +available .* user_managed +Default ");

    // the boot volume itself stays provider-managed: the key was the image's only
    assertThat(ok(cli.run("volume", volume)).out())
        .containsPattern(row("Encryption", "provider_managed"))
        .containsPattern(row("Encryption key", "-"));

    // without --encryption-key a boot volume takes its image's key (the server's rule)
    var fromImage =
        ok(cli.run(
                "instance-create",
                "enc-web-2",
                "default-vpc",
                "us-south-1",
                "bx2-2x8",
                "default-subnet-us-south-1",
                "--image",
                "enc-web-1-image",
                "--output",
                "JSON"))
            .object();
    var inherited = ok(cli.run("volume", bootVolumeOf(fromImage), "--output", "JSON")).object();
    assertThat(inherited.get("encryption").getAsString()).isEqualTo("user_managed");
    assertThat(keyCrnOf(inherited)).isEqualTo(key);
  }

  @Test
  void a_user_creates_a_data_volume_under_a_root_key_and_sees_the_key_in_its_details() {
    var cli = cli();
    var key = crn(createKey(cli, "data"));

    var created =
        ok(
            cli.run(
                "volume-create",
                "enc-data-1",
                "general-purpose",
                "us-south-1",
                "--capacity",
                "20",
                "--encryption-key",
                key,
                "--tags",
                "env:test,team:storage"));
    assertThat(created.out())
        .startsWith(
            "Creating volume enc-data-1 in the default resource group at " + server.url() + "...")
        .containsPattern(row("Name", "enc-data-1"))
        .containsPattern(row("Capacity", "20"))
        .containsPattern(row("Profile", "general-purpose"))
        .containsPattern(row("Encryption", "user_managed"))
        .containsPattern(row("Encryption key", key))
        .containsPattern(row("User tags", "env:test, team:storage"))
        .containsPattern(row("Zone", "us-south-1"))
        .containsPattern(row("Resource group", "Default"));
    assertThat(ok(cli.run("volume", "enc-data-1")).out())
        .containsPattern(row("Encryption key", key));
    assertThat(ok(cli.run("volumes", "--attachment-state", "unattached", "-q")).out())
        .containsPattern("(?m)^\\S+ +enc-data-1 +available +20 .* unattached +user_managed ");

    var plain =
        ok(cli.run(
                "volume-create",
                "enc-data-2",
                "custom",
                "us-south-1",
                "--iops",
                "1000",
                "--output",
                "JSON"))
            .object();
    assertThat(plain.get("encryption").getAsString()).isEqualTo("provider_managed");
    assertThat(keyCrnOf(plain)).isNull();
    assertThat(plain.get("capacity").getAsInt()).isEqualTo(100);
    assertThat(plain.get("iops").getAsInt()).isEqualTo(1000);
    assertThat(plain.getAsJsonObject("profile").get("name").getAsString()).isEqualTo("custom");

    var customerManaged =
        ok(cli.run("volumes", "--encryption", "user_managed", "--output", "JSON")).array();
    assertThat(customerManaged)
        .isNotEmpty()
        .allSatisfy(v -> assertThat(keyCrnOf(v.getAsJsonObject())).isNotNull());
    assertThat(customerManaged.toString()).contains("enc-data-1").doesNotContain("enc-data-2");
    assertThat(ok(cli.run("volumes", "--encryption", "provider_managed", "-q")).out())
        .contains("enc-data-2")
        .doesNotContain("enc-data-1");
    assertThat(refused(cli.run("volumes", "--encryption", "customer")).err())
        .contains("Target: encryption");

    var tiered =
        refused(
            cli.run(
                "volume-create", "enc-data-3", "general-purpose", "us-south-1", "--iops", "1000"));
    assertThat(tiered.err()).contains("Target: iops");
    assertThat(ok(cli.run("volumes", "-q")).out()).doesNotContain("enc-data-3");
  }

  @Test
  void an_instance_created_with_a_root_key_has_its_boot_volume_encrypted_by_it() {
    var cli = cli();
    var key = crn(createKey(cli, "boot"));

    var created =
        ok(
            cli.createInstance(
                "enc-vm-1",
                "--encryption-key",
                key,
                "--boot-volume-capacity",
                "120",
                "--output",
                "JSON"));
    var boot = ok(cli.run("volume", bootVolumeOf(created.object())));
    assertThat(boot.out())
        .containsPattern(row("Capacity", "120"))
        .containsPattern(row("Encryption", "user_managed"))
        .containsPattern(row("Encryption key", key));

    // the stock image has no key, so without the flag the boot volume is provider-managed
    var plain = ok(cli.createInstance("enc-vm-2", "--output", "JSON")).object();
    var plainBoot = ok(cli.run("volume", bootVolumeOf(plain), "--output", "JSON")).object();
    assertThat(plainBoot.get("encryption").getAsString()).isEqualTo("provider_managed");
  }

  @Test
  void an_instance_s_boot_volume_can_be_given_as_ibm_s_cli_takes_it_inline_or_from_a_file()
      throws IOException {
    var cli = cli();
    var key = crn(createKey(cli, "boot-json"));
    var attachment =
        "{\"volume\":{\"name\":\"json-boot\",\"capacity\":130,\"encryption_key\":{\"crn\":\""
            + key
            + "\"}}}";

    var inline =
        ok(cli.createInstance("enc-json-1", "--boot-volume", attachment, "--output", "JSON"));
    var boot = ok(cli.run("volume", bootVolumeOf(inline.object()), "--output", "JSON")).object();
    assertThat(boot.get("name").getAsString()).isEqualTo("json-boot");
    assertThat(boot.get("capacity").getAsInt()).isEqualTo(130);
    assertThat(boot.getAsJsonObject("encryption_key").get("crn").getAsString()).isEqualTo(key);

    var file = home.resolve("boot.json");
    Files.writeString(file, attachment.replace("json-boot", "json-boot-2"));
    var fromFile =
        ok(
            cli.createInstance(
                "enc-json-2",
                "--boot-volume",
                "@" + file,
                "--boot-volume-capacity",
                "140",
                "--output",
                "JSON"));
    var second =
        ok(cli.run("volume", bootVolumeOf(fromFile.object()), "--output", "JSON")).object();
    assertThat(second.get("name").getAsString()).isEqualTo("json-boot-2");
    assertThat(second.get("capacity").getAsInt()).as("the flag sets its field").isEqualTo(140);

    var broken = cli.createInstance("enc-json-3", "--boot-volume", "{\"volume\": ");
    assertThat(broken.exit()).as(broken.toString()).isEqualTo(1);
    assertThat(broken.err()).contains("--boot-volume is not JSON");
    var missing = cli.createInstance("enc-json-4", "--boot-volume", "@/nonexistent/boot.json");
    assertThat(missing.exit()).as(missing.toString()).isEqualTo(1);
    assertThat(missing.err()).contains("there is no file");
    assertThat(ok(cli.run("instances", "-q")).out()).doesNotContain("enc-json-3", "enc-json-4");
  }

  @Test
  void an_image_from_a_new_instance_created_with_a_root_key_is_encrypted_by_it() {
    var cli = cli();
    var key = crn(createKey(cli, "golden-images"));
    var args = new ArrayList<>(List.of("image-create-from-instance", "enc-gi", "enc-gi-vm"));
    args.addAll(Cli.INSTANCE_PLACE);
    args.addAll(List.of("--encryption-key", key, "--wait", "--output", "JSON"));

    var image = ok(cli.run(args.toArray(String[]::new))).object();
    assertThat(image.get("status").getAsString()).isEqualTo("available");
    assertThat(image.get("encryption").getAsString()).isEqualTo("user_managed");
    assertThat(keyCrnOf(image)).isEqualTo(key);
  }

  @Test
  void a_root_key_that_is_unknown_or_disabled_is_refused_with_a_tip_and_nothing_is_created() {
    var cli = cli();
    var created = createKey(cli, "suspended");
    var key = crn(created);
    var id = created.get("id").getAsString();
    var unknown = key.substring(0, key.lastIndexOf(':') + 1) + UUID.randomUUID();

    var volume =
        refused(
            cli.run(
                "volume-create",
                "enc-bad-1",
                "general-purpose",
                "us-south-1",
                "--encryption-key",
                unknown));
    assertThat(volume.err())
        .contains("Error code: not_found")
        .contains("Target: encryption_key.crn")
        .contains("Tip: 'imprint kp keys -i " + kpInstance + "' lists that instance's root keys");

    var notACrn =
        refused(
            cli.run(
                "volume-create",
                "enc-bad-2",
                "general-purpose",
                "us-south-1",
                "--encryption-key",
                "my-key"));
    assertThat(notACrn.err())
        .contains("Error code: not_found")
        .contains("Tip: a root key's CRN ends with :key:KEY_ID");

    ok(cli.run("kp", "key-disable", id));
    var disabled =
        refused(
            cli.run(
                "volume-create",
                "enc-bad-3",
                "general-purpose",
                "us-south-1",
                "--encryption-key",
                key));
    assertThat(disabled.err())
        .contains("Error code: invalid_state")
        .containsPattern("Error message: .*\\(suspended\\) is disabled")
        .contains("Target: encryption_key.crn")
        .contains("Tip: ")
        .contains("'imprint kp key-enable " + id + " -i " + kpInstance + "'");

    var instance = refused(cli.createInstance("enc-bad-vm", "--encryption-key", key));
    assertThat(instance.err())
        .contains("Error code: invalid_state")
        .contains("Target: boot_volume_attachment.volume.encryption_key.crn")
        .contains("'imprint kp key-enable " + id + " -i " + kpInstance + "'");

    var source = bootVolumeOf(ok(cli.createInstance("enc-src", "--output", "JSON")).object());
    ok(cli.run("instance-stop", "enc-src", "--wait", "-q"));
    var image =
        refused(
            cli.run(
                "image-create",
                "enc-bad-image",
                "--source-volume",
                source,
                "--encryption-key-volume",
                key));
    assertThat(image.err())
        .contains("Error code: invalid_state")
        .contains("Target: encryption_key.crn")
        .contains("'imprint kp key show " + id + " -i " + kpInstance + "'");
    var unknownForImage =
        refused(
            cli.run(
                "image-create",
                "enc-bad-image",
                "--source-volume",
                source,
                "--encryption-key-volume",
                unknown));
    assertThat(unknownForImage.err()).contains("Error code: not_found");

    assertThat(ok(cli.run("volumes", "-q")).out()).doesNotContain("enc-bad-");
    assertThat(ok(cli.run("instances", "-q")).out()).doesNotContain("enc-bad-vm");
    assertThat(ok(cli.run("images", "--status", "all", "-q")).out()).doesNotContain("enc-bad-");

    // enabled again, the same key is taken
    ok(cli.run("kp", "key-enable", id));
    var after =
        ok(cli.run(
                "volume-create",
                "enc-bad-3",
                "general-purpose",
                "us-south-1",
                "--encryption-key",
                key,
                "--output",
                "JSON"))
            .object();
    assertThat(keyCrnOf(after)).isEqualTo(key);
  }
}
