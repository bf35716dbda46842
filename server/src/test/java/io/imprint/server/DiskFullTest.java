package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A full disk, for real: the data dir on a small tmpfs. A change that does not fit is 507 {@code
 * insufficient_storage} and leaves nothing behind; reads go on; the same change succeeds once space
 * is freed.
 */
class DiskFullTest {
  static final int MIB = 1 << 20;

  @Test
  void an_upload_that_does_not_fit_is_507_keeps_nothing_and_fits_once_space_is_freed()
      throws Exception {
    try (var disk = SmallDisk.mount(160L * MIB);
        var server = TestServer.startOn(disk.root.resolve("data"))) {
      var api = server.api();
      var volume = ErrorCodesTest.volumeOn(api, "too-big-for-the-disk");
      var data = new byte[24 * MIB];
      new Random(7).nextBytes(data);
      // nothing left to reclaim in the background that could free space after the fill
      server.server().disks().reclaim();
      long blobsBefore = blobFiles(server.dataDir());
      var filler = disk.fill(8L * MIB);

      var refused = api.putBytes("/imprint/v1/volumes/" + volume + "/content", data);

      assertThat(refused.status()).as(refused.raw()).isEqualTo(507);
      assertThat(refused.errorCode()).isEqualTo("insufficient_storage");
      assertThat(blobFiles(server.dataDir())).as("blobs after the refusal").isEqualTo(blobsBefore);
      assertThat(server.server().disks().chunks(volume)).isEmpty();
      // reads go on: lists, and content already stored
      assertThat(api.get("/v1/volumes").status()).isEqualTo(200);
      var stock = api.get("/v1/images?status=available&limit=1").body().at("/images/0/id").asText();
      assertThat(
              api.getBytes(
                      "/imprint/v1/images/" + stock + "/content",
                      java.util.Map.of("Range", "bytes=0-4095"))
                  .status())
          .isEqualTo(206);

      Files.delete(filler);
      var accepted = api.putBytes("/imprint/v1/volumes/" + volume + "/content", data);
      assertThat(accepted.status()).as(accepted.raw()).isEqualTo(200);
      var back =
          api.getBytes(
                  "/imprint/v1/volumes/" + volume + "/content",
                  java.util.Map.of("Range", "bytes=0-" + (data.length - 1)))
              .body();
      assertThat(back).isEqualTo(data);
    }
  }

  @Test
  void a_create_when_the_database_cannot_grow_is_507_not_500() throws Exception {
    try (var disk = SmallDisk.mount(160L * MIB);
        var server = TestServer.startOn(disk.root.resolve("data"))) {
      // the caller's token first: the first start's IAM records need room too
      var api = server.api().as(server.administratorToken());
      server.server().disks().reclaim();
      var filler = disk.fill(0);
      int status = 201;
      String body = "";
      // the database's free pages absorb the first few; each create writes a volume and its event
      for (int i = 0; i < 2000 && status == 201; i++) {
        var created = api.post("/v1/vpcs", obj("name", "vpc-" + i));
        status = created.status();
        body = created.raw();
      }
      assertThat(status).as(body).isEqualTo(507);
      assertThat(body).contains("insufficient_storage");
      assertThat(api.get("/v1/vpcs").status()).isEqualTo(200);
      Files.delete(filler);
      assertThat(api.post("/v1/vpcs", obj("name", "after-the-space-came-back")).status())
          .isEqualTo(201);
    }
  }

  static long blobFiles(Path dataDir) throws Exception {
    try (Stream<Path> files = Files.walk(dataDir.resolve("blobs"))) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
