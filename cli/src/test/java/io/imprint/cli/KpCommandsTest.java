package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imprint kp …} as someone who keeps root keys uses it: each test has its own Key Protect
 * instance (any GUID is one), named as {@code ibmcloud kp} users name it, in {@code
 * KP_INSTANCE_ID}.
 */
class KpCommandsTest {
  private static ServerForCli server;

  @TempDir Path home;
  @TempDir Path otherHome;

  private final String instance = UUID.randomUUID().toString();

  @BeforeAll
  static void start() {
    server = new ServerForCli();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private Cli admin() {
    return new Cli(home)
        .env("IMPRINT_URL", server.url())
        .env("IMPRINT_APIKEY", ServerForCli.APIKEY)
        .env("KP_INSTANCE_ID", instance);
  }

  private static Cli.Result ok(Cli.Result result) {
    assertThat(result.exit()).as(result.toString()).isZero();
    return result;
  }

  private static Cli.Result refused(Cli.Result result, int exit) {
    assertThat(result.exit()).as(result.toString()).isEqualTo(exit);
    return result;
  }

  private String createKey(Cli cli, String name) {
    var created = ok(cli.run("kp", "key-create", name, "--output", "JSON")).object();
    return created.get("id").getAsString();
  }

  @Test
  void an_administrator_creates_a_root_key_then_lists_and_shows_it() {
    var admin = admin();
    var created = ok(admin.run("kp", "key-create", "disks", "-d", "the volumes' root key"));
    assertThat(created.out())
        .contains("Creating key disks in instance " + instance)
        .containsPattern("Name +disks\n")
        .containsPattern("State +Active\n")
        .containsPattern("Description +the volumes' root key\n");
    var id = created.out().replaceAll("(?s).*\nID +(\\S+)\n.*", "$1");
    var crn = created.out().replaceAll("(?s).*\nCRN +(\\S+)\n.*", "$1");
    assertThat(crn)
        .startsWith("crn:v1:bluemix:public:kms:")
        .endsWith(":" + instance + ":key:" + id);

    var table = ok(admin.run("kp", "keys", "-q"));
    assertThat(table.out())
        .startsWith("ID")
        .containsPattern("ID +Name +State +Created +CRN\n")
        .containsPattern(
            id + " +disks +Active +\\d{4}-\\d\\d-\\d\\dT\\S+ +" + crn.replace(".", "\\."));
    var json = ok(admin.run("kp", "keys", "--output", "json")).array();
    assertThat(json).hasSize(1);
    assertThat(json.get(0).getAsJsonObject().get("crn").getAsString()).isEqualTo(crn);

    var shown = ok(admin.run("kp", "key", "show", id));
    assertThat(shown.out())
        .containsPattern("ID +" + id + "\n")
        .containsPattern("Imported +false\n")
        .containsPattern("Algorithm +AES\n")
        .containsPattern("Key Version +\\S+\n");
    assertThat(ok(admin.run("kp", "key", "show", id, "--output", "JSON")).object().has("payload"))
        .isFalse();
  }

  @Test
  void a_disabled_key_is_suspended_until_it_is_enabled() {
    var admin = admin();
    var id = createKey(admin, "backups");

    assertThat(ok(admin.run("kp", "key-disable", id)).out())
        .isEqualTo("Key " + id + " is disabled.\n");
    assertThat(ok(admin.run("kp", "key", "show", id)).out()).containsPattern("State +Suspended\n");
    assertThat(ok(admin.run("kp", "keys")).out()).containsPattern(id + " +backups +Suspended ");

    var again = refused(admin.run("kp", "key-disable", id), 1);
    assertThat(again.err())
        .startsWith("FAILED\n")
        .contains("Error code: KEY_ACTION_INVALID_STATE_ERR")
        .contains("Trace ID: ");
    var rotate = refused(admin.run("kp", "key-rotate", id), 1);
    assertThat(rotate.err()).contains("Error message: ");

    ok(admin.run("kp", "key-enable", id));
    assertThat(ok(admin.run("kp", "key", "show", id)).out()).containsPattern("State +Active\n");
  }

  @Test
  void rotating_a_key_gives_it_a_new_version() {
    var admin = admin();
    var id = createKey(admin, "images");
    var before = ok(admin.run("kp", "key", "show", id, "--output", "JSON")).object();
    var first = before.getAsJsonObject("keyVersion").get("id").getAsString();

    var rotated = ok(admin.run("kp", "key-rotate", id));
    var after = ok(admin.run("kp", "key", "show", id, "--output", "JSON")).object();
    var second = after.getAsJsonObject("keyVersion").get("id").getAsString();
    assertThat(second).isNotEqualTo(first);
    assertThat(rotated.out())
        .isEqualTo("Key " + id + " is rotated: its version is now " + second + ".\n");
    assertThat(ok(admin.run("kp", "key", "show", id)).out())
        .containsPattern("Key Version +" + second + "\n")
        .containsPattern("Last Rotated +\\d{4}-");
  }

  @Test
  void an_imported_key_is_rotated_with_new_material() {
    var admin = admin();
    var material = Base64.getEncoder().encodeToString(new byte[32]);
    var created =
        ok(admin.run("kp", "key-create", "byok", "-k", material, "--output", "JSON")).object();
    var id = created.get("id").getAsString();
    assertThat(created.get("imported").getAsBoolean()).isTrue();

    var without = refused(admin.run("kp", "key-rotate", id), 1);
    assertThat(without.err()).contains("payload");
    var next = new byte[32];
    next[0] = 1;
    ok(
        admin.run(
            "kp", "key-rotate", id, "--key-material", Base64.getEncoder().encodeToString(next)));
  }

  @Test
  void a_key_that_protects_a_volume_is_deleted_only_with_force() {
    var admin = admin();
    var created = ok(admin.run("kp", "key-create", "volumes", "--output", "JSON")).object();
    var id = created.get("id").getAsString();
    server.registerWithKey(
        created.get("crn").getAsString(), "crn:v1:bluemix:public:is:us-south:a/x::volume:r006-v");

    var protectedKey = refused(admin.run("kp", "key-delete", id), 1);
    assertThat(protectedKey.err())
        .startsWith("FAILED\n")
        .contains("Error code: PROTECTED_RESOURCE_ERR")
        .contains("Error message: The key protects 1 resource")
        .contains("Trace ID: ")
        .contains("Tip: ")
        .contains("imprint kp key-delete " + id + " --force");
    assertThat(ok(admin.run("kp", "key", "show", id)).out()).containsPattern("State +Active\n");

    assertThat(ok(admin.run("kp", "key-delete", id, "--force")).out())
        .isEqualTo("Key " + id + " is deleted.\n");
    assertThat(ok(admin.run("kp", "keys", "-q")).out()).isEqualTo("No keys were found.\n");
    assertThat(ok(admin.run("kp", "key", "show", id)).out())
        .containsPattern("State +Destroyed\n")
        .containsPattern("Deleted +\\d{4}-");
  }

  @Test
  void a_key_is_deleted_at_once_when_it_protects_nothing() {
    var admin = admin();
    var id = createKey(admin, "scratch");
    var deleted = ok(admin.run("kp", "key-delete", id, "--output", "JSON")).object();
    assertThat(deleted.get("state").getAsInt()).isEqualTo(5);
    assertThat(deleted.get("deleted").getAsBoolean()).isTrue();
  }

  @Test
  void without_an_instance_id_the_command_says_how_to_name_one() {
    var cli = admin().unset("KP_INSTANCE_ID");
    var missing = refused(cli.run("kp", "keys"), 2);
    assertThat(missing.err()).contains("-i/--instance-ID").contains("KP_INSTANCE_ID");

    var id = createKey(admin(), "named");
    assertThat(ok(cli.run("kp", "keys", "-i", instance)).out()).contains(id);
    // another instance's key is not found: -i wins over KP_INSTANCE_ID
    var other =
        refused(
            admin().run("kp", "key", "show", id, "--instance-ID", UUID.randomUUID().toString()), 1);
    assertThat(other.err()).contains("Error code: not_found");
    var notGuid = refused(cli.run("kp", "keys", "-i", "my-instance"), 1);
    assertThat(notGuid.err())
        .contains("Error code: invalid_value")
        .contains("Target: bluemix-instance");
  }

  @Test
  void a_viewer_lists_keys_but_is_refused_creating_one() {
    var admin = admin();
    var id = createKey(admin, "shared");
    ok(admin.run("iam", "service-id-create", "auditor"));
    ok(admin.run("iam", "service-policy-create", "auditor", "--roles", "Viewer"));
    var key =
        ok(admin.run("iam", "service-api-key-create", "audit", "auditor", "--output", "JSON"));
    var viewer =
        new Cli(otherHome)
            .env("IMPRINT_URL", server.url())
            .env("IMPRINT_APIKEY", key.object().get("apikey").getAsString())
            .env("KP_INSTANCE_ID", instance);

    assertThat(ok(viewer.run("kp", "keys")).out()).contains(id);
    var create = refused(viewer.run("kp", "key-create", "mine"), 1);
    assertThat(create.err())
        .startsWith("FAILED\n")
        .contains("Error code: not_authorized")
        .containsPattern("Error message: \\S+")
        .contains("Trace ID: ");
    var delete = refused(viewer.run("kp", "key-delete", id, "-f"), 1);
    assertThat(delete.err()).contains("Error code: not_authorized");
    assertThat(ok(admin.run("kp", "key", "show", id)).out()).containsPattern("State +Active\n");
  }
}
