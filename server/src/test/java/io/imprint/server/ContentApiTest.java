package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.imprint.core.domain.job.Job;
import io.imprint.core.port.JobRepository.Claim;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real bytes in volumes and images: upload, ranged reads, clones, checksums, imports and tamper
 * detection.
 */
class ContentApiTest {
  static final int CHUNK = 4 << 20;
  static TestServer server;
  static Api api;
  static String subnet;
  static String stockImage;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    api = server.api();
    subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    stockImage =
        api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1").body().at("/images/0/id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String dataVolume(String name, int gb) {
    var response =
        api.post(
            "/v1/volumes",
            obj(
                "name",
                name,
                "capacity",
                gb,
                "profile",
                obj("name", "general-purpose"),
                "zone",
                obj("name", "us-south-1")));
    assertThat(response.status()).as(response.raw()).isEqualTo(201);
    return response.body().path("id").asText();
  }

  static byte[] random(int n, long seed) {
    var b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void a_new_data_volume_reads_as_zeros() {
    var id = dataVolume("zeros", 10);
    var head =
        api.getBytes("/imprint/v1/volumes/" + id + "/content", Map.of("Range", "bytes=0-1048575"));
    assertThat(head.status()).isEqualTo(206);
    assertThat(head.body()).hasSize(1 << 20).containsOnly(0);
    assertThat(head.header("Content-Range")).isEqualTo("bytes 0-1048575/10737418240");
  }

  @Test
  void uploaded_content_reads_back_byte_for_byte_with_ranges_and_holes() {
    var id = dataVolume("uploaded", 10);
    var data = random(CHUNK + 12345, 1);
    var put = api.putBytes("/imprint/v1/volumes/" + id + "/content", data);
    assertThat(put.status()).as(put.raw()).isEqualTo(200);
    assertThat(
            api.getBytes(
                    "/imprint/v1/volumes/" + id + "/content",
                    Map.of("Range", "bytes=0-" + (data.length - 1)))
                .body())
        .isEqualTo(data);
    var middle =
        api.getBytes(
            "/imprint/v1/volumes/" + id + "/content",
            Map.of("Range", "bytes=" + (CHUNK - 10) + "-" + (CHUNK + 9)));
    assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(data, CHUNK - 10, CHUNK + 10));
    var hole =
        api.getBytes(
            "/imprint/v1/volumes/" + id + "/content",
            Map.of("Range", "bytes=5368709120-5368713215"));
    assertThat(hole.body()).hasSize(4096).containsOnly(0);
    var tail = api.getBytes("/imprint/v1/volumes/" + id + "/content", Map.of("Range", "bytes=-16"));
    assertThat(tail.body()).hasSize(16).containsOnly(0);
    assertThat(
            api.getBytes(
                    "/imprint/v1/volumes/" + id + "/content", Map.of("Range", "bytes=20000000000-"))
                .status())
        .isEqualTo(416);
    // an end past the size, even one no long can hold, clips to the size (RFC 9110)
    for (var end : List.of("10737418240", "99999999999999999999999")) {
      var clipped =
          api.getBytes(
              "/imprint/v1/volumes/" + id + "/content",
              Map.of("Range", "bytes=10737418224-" + end));
      assertThat(clipped.status()).as(end).isEqualTo(206);
      assertThat(clipped.header("Content-Range"))
          .isEqualTo("bytes 10737418224-10737418239/10737418240");
      assertThat(clipped.body()).hasSize(16);
    }
  }

  @Test
  void a_write_at_an_offset_changes_only_that_range() {
    var id = dataVolume("offset-writes", 10);
    var base = random(2 * CHUNK, 2);
    api.putBytes("/imprint/v1/volumes/" + id + "/content", base);
    var patch = random(1024, 3);
    assertThat(
            api.putBytes("/imprint/v1/volumes/" + id + "/content?offset=" + (CHUNK - 512), patch)
                .status())
        .isEqualTo(200);
    var expected = base.clone();
    System.arraycopy(patch, 0, expected, CHUNK - 512, patch.length);
    assertThat(
            api.getBytes(
                    "/imprint/v1/volumes/" + id + "/content",
                    Map.of("Range", "bytes=0-" + (2 * CHUNK - 1)))
                .body())
        .isEqualTo(expected);
    var unaligned = api.putBytes("/imprint/v1/volumes/" + id + "/content?offset=100", patch);
    assertThat(unaligned.status()).isEqualTo(400);
    assertThat(unaligned.errorTarget()).isEqualTo("offset");
  }

  @Test
  void content_larger_than_the_capacity_is_refused_and_changes_nothing() {
    var id = dataVolume("too-small", 10);
    var tooFar =
        api.putBytes("/imprint/v1/volumes/" + id + "/content?offset=" + (10L << 30), new byte[512]);
    assertThat(tooFar.status()).isEqualTo(400);
    assertThat(tooFar.errorCode()).isEqualTo("content_too_large");
    // near Long.MAX_VALUE, offset + length overflows: it must still be refused, not written nowhere
    var overflowing =
        api.putBytes(
            "/imprint/v1/volumes/" + id + "/content?offset=9223372036854775296", new byte[1024]);
    assertThat(overflowing.status()).isEqualTo(400);
    assertThat(overflowing.errorCode()).isEqualTo("content_too_large");
    assertThat(overflowing.errorTarget()).isEqualTo("offset");
    assertThat(
            api.getBytes("/imprint/v1/volumes/" + id + "/content", Map.of("Range", "bytes=0-511"))
                .body())
        .containsOnly(0);
  }

  @Test
  void the_boot_volume_holds_the_image_content_and_is_writable_only_when_stopped() {
    var instance =
        api.post(
                "/v1/instances",
                obj(
                    "name",
                    "content-vm",
                    "zone",
                    obj("name", "us-south-1"),
                    "image",
                    obj("id", stockImage),
                    "primary_network_interface",
                    obj("subnet", obj("id", subnet))))
            .body();
    var boot = instance.at("/boot_volume_attachment/volume/id").asText();
    var image =
        api.getBytes(
                "/imprint/v1/images/" + stockImage + "/content", Map.of("Range", "bytes=0-4194303"))
            .body();
    var volume =
        api.getBytes("/imprint/v1/volumes/" + boot + "/content", Map.of("Range", "bytes=0-4194303"))
            .body();
    assertThat(volume).isEqualTo(image);
    assertThat(new String(volume, 1 << 20, 4096, StandardCharsets.UTF_8))
        .contains("IMPRINT-SAMPLE-FS")
        .contains("ID=debian");
    api.awaitField("/v1/instances/" + instance.path("id").asText(), "status", "running");
    var refused = api.putBytes("/imprint/v1/volumes/" + boot + "/content?offset=0", new byte[512]);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("invalid_state");
    api.post(
        "/v1/instances/" + instance.path("id").asText() + "/actions",
        obj("type", "stop", "force", true));
    assertThat(
            api.putBytes(
                    "/imprint/v1/volumes/" + boot + "/content?offset=0",
                    "changed!".repeat(64).getBytes())
                .status())
        .isEqualTo(200);
    // the image is unchanged by writes to a volume cloned from it
    assertThat(
            api.getBytes(
                    "/imprint/v1/images/" + stockImage + "/content",
                    Map.of("Range", "bytes=0-4194303"))
                .body())
        .isEqualTo(image);
  }

  @Test
  void a_stock_image_checksum_is_the_manifest_of_its_raw_content() throws Exception {
    var image = api.get("/v1/images/" + stockImage).body();
    assertThat(image.at("/file/size").asInt()).isEqualTo(1);
    var raw =
        api.getBytes(
                "/imprint/v1/images/" + stockImage + "/content",
                Map.of("Range", "bytes=0-" + (8 * CHUNK - 1)))
            .body();
    assertThat(image.at("/file/checksums/sha256").asText()).isEqualTo(manifest(raw));
  }

  @Test
  void an_image_imported_from_a_raw_file_becomes_available_with_its_content() throws Exception {
    var data = random(CHUNK + 777, 9);
    var file = server.dataDir().resolve("import").resolve("disk.img");
    Files.write(file, data);
    var created =
        api.post(
            "/v1/images",
            obj(
                "name",
                "imported",
                "file",
                obj("href", file.toUri().toString()),
                "operating_system",
                obj("name", "debian-12-amd64")));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.body().path("status").asText()).isEqualTo("pending");
    assertThat(created.body().at("/status_reasons/0/code").asText()).isIn("image_request_queued");
    var id = created.body().path("id").asText();
    var available = api.awaitField("/v1/images/" + id, "status", "available").body();
    assertThat(available.path("minimum_provisioned_size").asInt()).isEqualTo(100);
    assertThat(available.at("/file/size").asInt()).isEqualTo(1);
    var content =
        api.getBytes(
                "/imprint/v1/images/" + id + "/content",
                Map.of("Range", "bytes=0-" + (data.length - 1)))
            .body();
    assertThat(content).isEqualTo(data);
    var padded = Arrays.copyOf(data, 2 * CHUNK);
    assertThat(available.at("/file/checksums/sha256").asText()).isEqualTo(manifest(padded));
    assertThat(api.delete("/v1/images/" + id).status()).isEqualTo(202);
    assertThat(api.get("/v1/images/" + id).status()).isEqualTo(404);
  }

  @Test
  void a_broken_import_fails_with_image_data_corrupted_and_leaves_no_blobs() throws Exception {
    var file = server.dataDir().resolve("import").resolve("empty.img");
    Files.write(file, new byte[0]);
    var id =
        api.post(
                "/v1/images",
                obj(
                    "name",
                    "broken",
                    "file",
                    obj("href", file.toUri().toString()),
                    "operating_system",
                    obj("name", "debian-12-amd64")))
            .body()
            .path("id")
            .asText();
    var failed = api.awaitField("/v1/images/" + id, "status", "failed").body();
    assertThat(failed.at("/status_reasons/0/code").asText()).isEqualTo("image_data_corrupted");
    assertThat(failed.at("/status_reasons/0/message").asText()).contains("empty");
  }

  @Test
  void imports_are_read_only_from_the_import_directory() {
    var outside =
        api.post(
            "/v1/images",
            obj(
                "name",
                "outside",
                "file",
                obj("href", "file:///etc/passwd"),
                "operating_system",
                obj("name", "debian-12-amd64")));
    assertThat(outside.status()).isEqualTo(400);
    assertThat(outside.errorTarget()).isEqualTo("file.href");
    var cos =
        api.post(
            "/v1/images",
            obj(
                "name",
                "cos",
                "file",
                obj("href", "cos://us-south/bucket/x.qcow2"),
                "operating_system",
                obj("name", "debian-12-amd64")));
    assertThat(cos.errorTarget()).isEqualTo("file.href");
    var both =
        api.post(
            "/v1/images",
            obj(
                "file",
                obj("href", "file:///x"),
                "source_volume",
                obj("id", "r006-x"),
                "operating_system",
                obj("name", "debian-12-amd64")));
    assertThat(both.errorCode()).isEqualTo("validation_only_one");
    var reserved =
        api.post(
            "/v1/images",
            obj(
                "name",
                "ibm-mine",
                "file",
                obj("href", "file:///x"),
                "operating_system",
                obj("name", "debian-12-amd64")));
    assertThat(reserved.status()).isEqualTo(400);
  }

  @Test
  void an_import_of_a_link_to_the_master_key_or_of_a_fifo_is_refused_and_creates_nothing()
      throws Exception {
    var importDir = server.dataDir().resolve("import");
    var link =
        Files.createSymbolicLink(
            importDir.resolve("key.img"), server.dataDir().resolve("master.key"));
    var fifo = importDir.resolve("pipe.img");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    var dir = Files.createDirectory(importDir.resolve("dir.img"));
    long before = api.get("/v1/images").body().path("total_count").asLong();
    for (var href :
        List.of(
            link.toUri().toString(),
            fifo.toUri().toString(),
            dir.toUri().toString(),
            "file://" + importDir + "/../master.key")) {
      var refused =
          api.post(
              "/v1/images",
              obj(
                  "name",
                  "sneaky",
                  "file",
                  obj("href", href),
                  "operating_system",
                  obj("name", "debian-12-amd64")));
      assertThat(refused.status()).as(href).isEqualTo(400);
      assertThat(refused.errorCode()).isEqualTo("invalid_value");
      assertThat(refused.errorTarget()).isEqualTo("file.href");
      assertThat(refused.errorMessage()).contains("cannot be imported");
    }
    assertThat(api.get("/v1/images").body().path("total_count").asLong()).isEqualTo(before);
    Files.delete(link);
    Files.delete(fifo);
    Files.delete(dir);
  }

  @Test
  void a_running_import_can_be_cancelled_and_another_deleted() throws Exception {
    try (var own = TestServer.start()) {
      var ownApi = own.api();
      own.server().jobs().pause();
      var cancelled = importRaw(own, "cancelled-import");
      var deleted = importRaw(own, "deleted-import");
      // a worker of another node holds both jobs: they are running there
      var store = own.server().store();
      var now = Instant.now();
      var claim = new Claim("other-node", now.plusSeconds(3600), now, now.plusSeconds(3600));
      var running = new ArrayList<String>();
      for (int i = 0; i < 2; i++) {
        store
            .write(tx -> tx.jobs().claim(List.of("image.import"), claim))
            .ifPresent(job -> running.add(job.id()));
      }
      assertThat(running).hasSize(2);

      assertThat(ownApi.post("/imprint/v1/images/" + cancelled + "/capture/cancel", obj()).status())
          .isEqualTo(202);
      var failed = ownApi.get("/v1/images/" + cancelled).body();
      assertThat(failed.path("status").asText()).isEqualTo("failed");
      assertThat(failed.at("/status_reasons/0/code").asText()).isEqualTo("image_request_cancelled");

      assertThat(ownApi.delete("/v1/images/" + deleted).status()).isEqualTo(202);
      assertThat(ownApi.get("/v1/images/" + deleted).status()).isEqualTo(404);

      for (var image : List.of(cancelled, deleted)) {
        var job = store.read(tx -> tx.jobs().findByResource("image.import", image)).orElseThrow();
        assertThat(job.state().wire()).isEqualTo("cancelled");
        // the other node's worker learns at its next heartbeat that the job is no longer its own
        boolean renewed =
            store.write(
                tx ->
                    tx.jobs()
                        .heartbeat(
                            job.id(),
                            "other-node",
                            now,
                            now.plusSeconds(60),
                            new Job.Progress(1, 2)));
        assertThat(renewed).isFalse();
      }
    }
  }

  private static String importRaw(TestServer on, String name) throws Exception {
    var file = on.dataDir().resolve("import").resolve(name + ".img");
    Files.write(file, random(CHUNK, 3));
    var created =
        on.api()
            .post(
                "/v1/images",
                obj(
                    "name",
                    name,
                    "file",
                    obj("href", file.toUri().toString()),
                    "operating_system",
                    obj("name", "debian-12-amd64")));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return created.body().path("id").asText();
  }

  @Test
  void deleting_a_volume_reclaims_its_blobs() throws Exception {
    var id = dataVolume("reclaimed", 10);
    long before = blobFiles();
    api.putBytes("/imprint/v1/volumes/" + id + "/content", random(2 * CHUNK, 5));
    assertThat(blobFiles()).isEqualTo(before + 2);
    assertThat(api.delete("/v1/volumes/" + id).status()).isEqualTo(204);
    assertThat(blobFiles()).isEqualTo(before);
  }

  @Test
  void a_tampered_blob_is_reported_as_image_data_corrupted() throws Exception {
    var data = random(1000, 11);
    var file = server.dataDir().resolve("import").resolve("tamper.img");
    Files.write(file, data);
    var id =
        api.post(
                "/v1/images",
                obj(
                    "name",
                    "tampered",
                    "file",
                    obj("href", file.toUri().toString()),
                    "operating_system",
                    obj("name", "debian-12-amd64")))
            .body()
            .path("id")
            .asText();
    api.awaitField("/v1/images/" + id, "status", "available");
    var blob = server.server().disks().chunks(id).getFirst().blobId();
    var path = server.dataDir().resolve("blobs").resolve(blob.substring(0, 2)).resolve(blob);
    var bytes = Files.readAllBytes(path);
    bytes[40] ^= 0x10;
    Files.write(path, bytes);
    var read =
        api.getBytes("/imprint/v1/images/" + id + "/content", Map.of("Range", "bytes=0-999"));
    assertThat(read.status()).isEqualTo(500);
    assertThat(read.json().at("/errors/0/code").asText()).isEqualTo("image_data_corrupted");
  }

  static long blobFiles() throws Exception {
    try (var walk = Files.walk(server.dataDir().resolve("blobs"))) {
      return walk.filter(Files::isRegularFile).count();
    }
  }

  /**
   * docs/disks.md's recipe: SHA-256 over (8-byte index, SHA-256 of chunk) of each non-zero 4 MiB
   * chunk.
   */
  static String manifest(byte[] raw) throws Exception {
    var manifest = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i * CHUNK < raw.length; i++) {
      var chunk = Arrays.copyOfRange(raw, i * CHUNK, Math.min(raw.length, (i + 1) * CHUNK));
      if (Arrays.equals(chunk, new byte[chunk.length])) {
        continue;
      }
      var full = Arrays.copyOf(chunk, CHUNK);
      manifest.update(ByteBuffer.allocate(8).putLong(i).array());
      manifest.update(MessageDigest.getInstance("SHA-256").digest(full));
    }
    return HexFormat.of().formatHex(manifest.digest());
  }
}
