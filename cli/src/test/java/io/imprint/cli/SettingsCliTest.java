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

  @TempDir Path accountHome;
  @TempDir Path freshHome;

  @BeforeAll
  static void start() {
    server = new ServerForCli();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void the_config_goes_under_HOME_when_it_is_set_else_under_the_account_home() throws Exception {
    var withHome =
        new Cli(accountHome)
            .unset("IMPRINT_HOME")
            .env("HOME", freshHome.toString())
            .run("login", "--url", server.url());
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
            .run("login", "--url", server.url());
    assertThat(emptyHome.exit()).as(emptyHome.toString()).isZero();
    assertThat(accountHome.resolve(".imprint/config.json")).as("an empty HOME is unset").exists();
  }
}
