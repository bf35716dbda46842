package io.imprint.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The data dir is the server user's alone whatever the umask the server was started with: its
 * directories 0700, the database, keys, blobs and event files 0600.
 */
class DataDirModesTest {
  @Test
  void a_new_data_dir_and_everything_in_it_are_private_to_the_server_user() throws IOException {
    try (var server = TestServer.start()) {
      var dataDir = server.dataDir();
      var api = server.api();
      // a blob of a volume's own, and an event delivered to the events file
      var volume =
          api.post(
                  "/v1/volumes",
                  Api.obj(
                      "name",
                      "private",
                      "profile",
                      Api.obj("name", "general-purpose"),
                      "capacity",
                      10,
                      "zone",
                      Api.obj("name", "us-south-1")))
              .body()
              .path("id")
              .asText();
      assertThat(
              api.putBytes("/imprint/v1/volumes/" + volume + "/content", new byte[4096]).status())
          .isEqualTo(200);
      server.server().eventDispatcher().deliverPending();

      for (var dir : List.of(dataDir, dataDir.resolve("blobs"), dataDir.resolve("import"))) {
        assertThat(mode(dir)).as(dir.toString()).isEqualTo("rwx------");
      }
      for (var file :
          List.of(
              "imprint.db",
              "imprint.db-wal",
              "imprint.db-shm",
              "master.key",
              "page-token.key",
              "events/events.jsonl")) {
        assertThat(mode(dataDir.resolve(file))).as(file).isEqualTo("rw-------");
      }
      try (Stream<Path> blobs = Files.walk(dataDir.resolve("blobs"))) {
        var files = blobs.filter(Files::isRegularFile).toList();
        assertThat(files).isNotEmpty();
        for (var blob : files) {
          assertThat(mode(blob)).as(blob.toString()).isEqualTo("rw-------");
        }
      }
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
