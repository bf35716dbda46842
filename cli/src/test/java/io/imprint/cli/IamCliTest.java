package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imprint iam …} as a team uses it: the administrator makes an access group, a user and a
 * service ID, hands out keys and policies; the teammate's key works where the policies say and is
 * refused elsewhere.
 */
class IamCliTest {
  private static ServerForCli server;

  @TempDir Path home;
  @TempDir Path teammateHome;

  @BeforeAll
  static void start() {
    server = new ServerForCli();
    server.createResourceGroup("team");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private Cli admin() {
    return new Cli(home)
        .env("IMPRINT_URL", server.url())
        .env("IMPRINT_APIKEY", ServerForCli.APIKEY);
  }

  private static Cli.Result ok(Cli.Result result) {
    assertThat(result.exit()).as(result.toString()).isZero();
    return result;
  }

  @Test
  void an_administrator_gives_a_teammate_editor_on_the_team_group_through_an_access_group()
      throws IOException {
    var admin = admin();
    ok(admin.run("iam", "access-group-create", "developers", "-d", "the team"));
    ok(admin.run("iam", "user-create", "alice"));
    var added = ok(admin.run("iam", "access-group-user-add", "developers", "alice"));
    assertThat(added.out()).contains("User alice is added to access group developers.");
    ok(
        admin.run(
            "iam",
            "access-group-policy-create",
            "developers",
            "--roles",
            "Editor",
            "--service-name",
            "is",
            "--resource-group-name",
            "team"));
    // the network is in Default: the team places instances on it there (an instance operates its
    // VPC and subnet), and changes nothing in it
    ok(
        admin.run(
            "iam",
            "access-group-policy-create",
            "developers",
            "--roles",
            "operator",
            "--resource-group-name",
            "Default"));
    var keyFile = home.resolve("alice.json");
    var key =
        ok(
            admin.run(
                "iam",
                "user-api-key-create",
                "alice-laptop",
                "alice",
                "--file",
                keyFile.toString()));
    assertThat(key.out())
        .contains("Successfully saved API key information to " + keyFile)
        .contains("Please preserve the API key! It cannot be retrieved after it's created.")
        .containsPattern("API Key +\\S{20,}");
    assertThat(Files.getPosixFilePermissions(keyFile))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    var secret =
        JsonParser.parseString(Files.readString(keyFile))
            .getAsJsonObject()
            .get("apikey")
            .getAsString();

    var policies = ok(admin.run("iam", "access-group-policies", "developers"));
    assertThat(policies.out())
        .containsPattern("Roles: +Editor")
        .containsPattern("Service Name +is")
        .containsPattern("Resource Group Name +team")
        .containsPattern("Roles: +Operator");
    assertThat(ok(admin.run("iam", "access-group-users", "developers")).out())
        .containsPattern("alice +IBMid-");

    var alice = new Cli(teammateHome);
    ok(alice.run("login", "--url", server.url(), "--apikey", "@" + keyFile));
    ok(alice.createInstance("alice-1", "--resource-group-name", "team", "-q"));
    var volumes = ok(alice.run("volumes", "--resource-group-name", "team", "--output", "JSON"));
    assertThat(volumes.array()).hasSize(1);

    var elsewhere = alice.createInstance("alice-2", "--resource-group-name", "Default");
    assertThat(elsewhere.exit()).as(elsewhere.toString()).isEqualTo(1);
    assertThat(elsewhere.err()).contains("not_authorized");

    // making keys is the administrator's
    var ownKey = alice.run("iam", "api-key-create", "another");
    assertThat(ownKey.exit()).as(ownKey.toString()).isEqualTo(1);
    assertThat(ownKey.err()).contains("not_authorized");
    assertThat(secret).isNotBlank();

    var notEmpty = admin.run("iam", "access-group-delete", "developers", "-f");
    assertThat(notEmpty.exit()).as(notEmpty.toString()).isEqualTo(1);
    assertThat(notEmpty.err()).contains("-r");
    ok(admin.run("iam", "access-group-delete", "developers", "-f", "-r"));
    var refused = alice.createInstance("alice-3", "--resource-group-name", "team");
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
  }

  @Test
  void a_service_id_gets_a_key_that_stops_working_while_locked() {
    var admin = admin();
    var created = ok(admin.run("iam", "service-id-create", "builder", "-d", "CI"));
    assertThat(created.out()).containsPattern("Name +builder").containsPattern("Locked +false");
    ok(
        admin.run(
            "iam",
            "service-policy-create",
            "builder",
            "--roles",
            "Viewer",
            "--service-name",
            "is"));
    var key = ok(admin.run("iam", "service-api-key-create", "ci", "builder", "--output", "JSON"));
    assertThat(key.err()).contains("Please preserve the API key!");
    var secret = key.object().get("apikey").getAsString();

    var ci = new Cli(teammateHome).env("IMPRINT_URL", server.url()).env("IMPRINT_APIKEY", secret);
    ok(ci.run("images", "--output", "JSON"));

    assertThat(ok(admin.run("iam", "service-api-keys", "builder")).out())
        .containsPattern("ApiKey-\\S+ +ci ");
    ok(admin.run("iam", "service-api-key-lock", "ci", "builder", "-f"));
    var locked = ci.run("images");
    assertThat(locked.exit()).as(locked.toString()).isEqualTo(1);
    assertThat(locked.err()).contains("BXNIM0415E");

    var deleteLocked = admin.run("iam", "service-api-key-delete", "ci", "builder", "-f");
    assertThat(deleteLocked.exit()).as(deleteLocked.toString()).isEqualTo(1);
    assertThat(deleteLocked.err()).contains("entity_locked");
    ok(admin.run("iam", "service-api-key-unlock", "ci", "builder", "-f"));
    ok(ci.run("images", "--output", "JSON"));

    var noTerminal = admin.run("iam", "service-id-delete", "builder");
    assertThat(noTerminal.exit()).isEqualTo(2);
    assertThat(ok(admin.run("iam", "service-ids")).out())
        .containsPattern("ServiceId-\\S+ +builder ");
    ok(admin.run("iam", "service-id-delete", "builder", "-f"));
    assertThat(ok(admin.run("iam", "service-ids", "--output", "JSON")).array()).isEmpty();
    assertThat(ci.run("images").exit()).isEqualTo(1);
  }

  @Test
  void a_policy_is_deleted_only_through_its_own_subject() {
    var admin = admin();
    ok(admin.run("iam", "user-create", "bob"));
    ok(admin.run("iam", "access-group-create", "readers"));
    var policy =
        ok(admin.run(
                "iam",
                "user-policy-create",
                "bob",
                "--roles",
                "Viewer",
                "--resource-group-name",
                "team",
                "--output",
                "JSON"))
            .object();
    var id = policy.get("id").getAsString();
    assertThat(ok(admin.run("iam", "user-policies", "bob")).out()).contains(id);

    var wrong = admin.run("iam", "access-group-policy-delete", "readers", id, "-f");
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("is not a policy of access group readers");
    ok(admin.run("iam", "user-policy-delete", "bob", id, "-f"));
    assertThat(ok(admin.run("iam", "user-policies", "bob")).out())
        .contains("No policies were found.");

    var badRole = admin.run("iam", "user-policy-create", "bob", "--roles", "Owner");
    assertThat(badRole.exit()).isEqualTo(2);
    assertThat(badRole.err()).contains("Viewer, Operator, Editor, Administrator");
  }
}
