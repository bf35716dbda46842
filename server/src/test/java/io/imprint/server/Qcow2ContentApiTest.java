package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qcow2 through the API, with the real qemu-img as the judge of what a valid image is. */
class Qcow2ContentApiTest {
  static final int MIB = 1 << 20;
  static TestServer server;
  static Api api;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A 64 MiB raw disk with random extents at scattered offsets and zeros between. */
  Path rawDisk(long seed) throws IOException {
    var raw = new byte[64 * MIB];
    var random = new Random(seed);
    for (int offset : new int[] {0, 5 * MIB + 4096, 17 * MIB, 40 * MIB + 512, 63 * MIB}) {
      var extent = new byte[MIB];
      random.nextBytes(extent);
      System.arraycopy(extent, 0, raw, offset, Math.min(extent.length, raw.length - offset));
    }
    var file = dir.resolve("disk-" + seed + ".raw");
    Files.write(file, raw);
    return file;
  }

  static String volume(String name) {
    return api.post(
            "/v1/volumes",
            obj(
                "name",
                name,
                "capacity",
                10,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1")))
        .body()
        .path("id")
        .asText();
  }

  @Test
  void a_qcow2_upload_plain_or_compressed_becomes_the_volume_content() throws Exception {
    var raw = rawDisk(1);
    for (var compressed : List.of(false, true)) {
      var qcow2 = dir.resolve("up-" + compressed + ".qcow2");
      var args = new ArrayList<>(List.of("convert", "-f", "raw", "-O", "qcow2"));
      if (compressed) {
        args.add("-c");
      }
      args.addAll(List.of(raw.toString(), qcow2.toString()));
      qemuImg(args.toArray(String[]::new)).requireOk();
      var id = volume("qcow2-up-" + compressed);
      var put = api.putBytes("/imprint/v1/volumes/" + id + "/content", Files.readAllBytes(qcow2));
      assertThat(put.status()).as(put.raw()).isEqualTo(200);
      var content =
          api.getBytes(
                  "/imprint/v1/volumes/" + id + "/content",
                  Map.of("Range", "bytes=0-" + (64 * MIB - 1)))
              .body();
      assertThat(content).isEqualTo(Files.readAllBytes(raw));
    }
  }

  @Test
  void a_qcow2_download_passes_qemu_img_check_and_compares_equal() throws Exception {
    var raw = rawDisk(2);
    var id = volume("qcow2-down");
    api.putBytes("/imprint/v1/volumes/" + id + "/content", Files.readAllBytes(raw));
    var download = api.getBytes("/imprint/v1/volumes/" + id + "/content?format=qcow2", Map.of());
    assertThat(download.status()).isEqualTo(200);
    assertThat(Long.parseLong(download.header("Content-Length"))).isEqualTo(download.body().length);
    var out = dir.resolve("down.qcow2");
    Files.write(out, download.body());
    var check = qemuImg("check", out.toString());
    assertThat(check.exitCode()).as(check.output()).isZero();
    var compare = qemuImg("compare", "-f", "raw", "-F", "qcow2", raw.toString(), out.toString());
    assertThat(compare.exitCode()).as(compare.output()).isZero();
    var info = qemuImg("info", out.toString());
    assertThat(info.output()).contains("virtual size: 10 GiB");
  }

  @Test
  void an_image_imported_from_a_compressed_qcow2_holds_its_content() throws Exception {
    var raw = rawDisk(3);
    var qcow2 = server.dataDir().resolve("import").resolve("import.qcow2");
    qemuImg("convert", "-f", "raw", "-O", "qcow2", "-c", raw.toString(), qcow2.toString())
        .requireOk();
    var id =
        api.post(
                "/v1/images",
                obj(
                    "name",
                    "from-qcow2",
                    "file",
                    obj("href", qcow2.toUri().toString()),
                    "operating_system",
                    obj("name", "ubuntu-24-04-amd64")))
            .body()
            .path("id")
            .asText();
    var image = api.awaitField("/v1/images/" + id, "status", "available").body();
    assertThat(image.path("minimum_provisioned_size").asInt()).isEqualTo(100);
    var content =
        api.getBytes(
                "/imprint/v1/images/" + id + "/content",
                Map.of("Range", "bytes=0-" + (64 * MIB - 1)))
            .body();
    assertThat(content).isEqualTo(Files.readAllBytes(raw));
  }

  @Test
  void a_truncated_qcow2_import_fails_as_corrupted_and_leaves_no_blobs() throws Exception {
    var raw = rawDisk(4);
    var whole = dir.resolve("whole.qcow2");
    qemuImg("convert", "-f", "raw", "-O", "qcow2", raw.toString(), whole.toString()).requireOk();
    var bytes = Files.readAllBytes(whole);
    var truncated = server.dataDir().resolve("import").resolve("truncated.qcow2");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    long blobsBefore = ContentApiTestBlobs.count(server);
    var id =
        api.post(
                "/v1/images",
                obj(
                    "name",
                    "truncated",
                    "file",
                    obj("href", truncated.toUri().toString()),
                    "operating_system",
                    obj("name", "ubuntu-24-04-amd64")))
            .body()
            .path("id")
            .asText();
    var failed = api.awaitField("/v1/images/" + id, "status", "failed").body();
    assertThat(failed.at("/status_reasons/0/code").asText()).isEqualTo("image_data_corrupted");
    // the failed image's blobs are reclaimed right after the status changes, by the job's end
    server.runDueJobs();
    assertThat(ContentApiTestBlobs.count(server)).isEqualTo(blobsBefore);
    assertThat(server.server().disks().chunks(id)).isEmpty();
  }

  @Test
  void an_import_larger_than_any_boot_volume_fails_with_image_provisioned_size_unsupported()
      throws Exception {
    for (var size : List.of("64T", "2E")) {
      var qcow2 = server.dataDir().resolve("import").resolve("huge-" + size + ".qcow2");
      qemuImg("create", "-f", "qcow2", "-o", "cluster_size=2M", qcow2.toString(), size).requireOk();
      var id =
          api.post(
                  "/v1/images",
                  obj(
                      "name",
                      "huge-" + size.toLowerCase(),
                      "file",
                      obj("href", qcow2.toUri().toString()),
                      "operating_system",
                      obj("name", "ubuntu-24-04-amd64")))
              .body()
              .path("id")
              .asText();
      var failed = api.awaitField("/v1/images/" + id, "status", "failed").body();
      assertThat(failed.at("/status_reasons/0/code").asText())
          .as(size)
          .isEqualTo("image_provisioned_size_unsupported");
      assertThat(failed.at("/status_reasons/0/message").asText())
          .as(size)
          .contains("the largest boot volume is 32000 GB");
      assertThat(failed.has("minimum_provisioned_size")).as(size).isFalse();
      assertThat(server.server().disks().chunks(id)).isEmpty();
      Files.delete(qcow2);
    }
  }

  @Test
  void a_qcow2_upload_with_a_backing_file_is_refused() throws Exception {
    var base = dir.resolve("base.qcow2");
    var top = dir.resolve("top.qcow2");
    qemuImg("create", "-f", "qcow2", base.toString(), "64M").requireOk();
    qemuImg("create", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", top.toString())
        .requireOk();
    var id = volume("backed");
    var put = api.putBytes("/imprint/v1/volumes/" + id + "/content", Files.readAllBytes(top));
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo("invalid_content");
    assertThat(put.body().at("/errors/0/message").asText()).contains("backing");
  }

  record Result(int exitCode, String output) {
    void requireOk() {
      if (exitCode != 0) {
        throw new AssertionError("qemu-img failed: " + output);
      }
    }
  }

  static Result qemuImg(String... args) throws IOException, InterruptedException {
    var command = new ArrayList<String>();
    command.add("qemu-img");
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes());
    return new Result(process.waitFor(), output);
  }

  /** Blob files of a test server. */
  static final class ContentApiTestBlobs {
    static long count(TestServer server) throws IOException {
      try (var walk = Files.walk(server.dataDir().resolve("blobs"))) {
        return walk.filter(Files::isRegularFile).count();
      }
    }
  }
}
