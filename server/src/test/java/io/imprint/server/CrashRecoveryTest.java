package io.imprint.server;

import static io.imprint.server.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process killed with SIGKILL in the middle of disk work. After the next start (and
 * its recovery), no blob is orphaned, no chunk points at a missing blob, and every reference count
 * is exact.
 */
class CrashRecoveryTest {
  @TempDir Path dataDir;

  @Test
  void a_kill_9_during_an_upload_leaves_no_orphan_blob_and_no_dangling_reference()
      throws Exception {
    var server = start();
    var api = new Api(server.url);
    var volume =
        api.post(
                "/v1/volumes",
                obj(
                    "name",
                    "crash-upload",
                    "capacity",
                    10,
                    "profile",
                    obj("name", "general-purpose"),
                    "zone",
                    obj("name", "us-south-1")))
            .body()
            .path("id")
            .asText();
    var upload =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(
                                    URI.create(
                                        server.url + "/imprint/v1/volumes/" + volume + "/content"))
                                .PUT(
                                    HttpRequest.BodyPublishers.fromPublisher(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                            () -> new SlowRandom(1L << 30)),
                                        1L << 30))
                                .build(),
                            HttpResponse.BodyHandlers.discarding());
                  } catch (IOException | InterruptedException e) {
                    // the server dies under it
                  }
                });
    waitForBlobs(8);
    server.process.destroyForcibly();
    assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    upload.join(10_000);

    var again = start();
    var content =
        new Api(again.url)
            .getBytes(
                "/imprint/v1/volumes/" + volume + "/content", Map.of("Range", "bytes=0-4194303"));
    assertThat(content.status()).isEqualTo(206);
    again.stop();
    assertConsistent();
  }

  @Test
  void a_kill_9_during_clones_leaves_every_boot_volume_whole() throws Exception {
    var server = start();
    var api = new Api(server.url);
    var image =
        api.get("/v1/images?name=ibm-ubuntu-24-04-minimal-amd64-1")
            .body()
            .at("/images/0/id")
            .asText();
    var subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    var created = new CountDownLatch(3);
    var creator =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int i = 0; i < 10_000; i++) {
                    try {
                      var response =
                          api.post(
                              "/v1/instances",
                              obj(
                                  "name",
                                  "clone-" + i,
                                  "zone",
                                  obj("name", "us-south-1"),
                                  "image",
                                  obj("id", image),
                                  "primary_network_interface",
                                  obj("subnet", obj("id", subnet))));
                      if (response.status() == 201) {
                        created.countDown();
                      }
                    } catch (RuntimeException e) {
                      return;
                    }
                  }
                });
    // kill while clones are being made: once a few instances exist (a first start first seals the
    // stock disks)
    assertThat(created.await(60, TimeUnit.SECONDS)).as("three instances created").isTrue();
    server.process.destroyForcibly();
    assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    creator.join(10_000);

    var again = start();
    var instances = new Api(again.url).get("/v1/instances?limit=100").body().path("instances");
    assertThat(instances.size()).isPositive();
    for (var instance : instances) {
      var boot = instance.at("/boot_volume_attachment/volume/id").asText();
      var head =
          new Api(again.url)
              .getBytes(
                  "/imprint/v1/volumes/" + boot + "/content",
                  Map.of("Range", "bytes=1048576-1048600"));
      assertThat(new String(head.body())).startsWith("IMPRINT-SAMPLE-FS");
    }
    again.stop();
    assertConsistent();
  }

  @Test
  void a_kill_9_with_captures_queued_and_running_ends_every_capture_after_the_restart()
      throws Exception {
    var server = start();
    var api = new Api(server.url);
    var image =
        api.get("/v1/images?name=ibm-ubuntu-24-04-minimal-amd64-1")
            .body()
            .at("/images/0/id")
            .asText();
    var subnet = api.get("/v1/subnets?zone.name=us-south-1").body().at("/subnets/0/id").asText();
    var volumes = new ArrayList<String>();
    for (int i = 0; i < 12; i++) {
      var instance =
          api.post(
                  "/v1/instances",
                  obj(
                      "name",
                      "cap-" + i,
                      "zone",
                      obj("name", "us-south-1"),
                      "image",
                      obj("id", image),
                      "primary_network_interface",
                      obj("subnet", obj("id", subnet))))
              .body();
      api.post(
          "/v1/instances/" + instance.path("id").asText() + "/actions",
          obj("type", "stop", "force", true));
      volumes.add(instance.at("/boot_volume_attachment/volume/id").asText());
    }
    var images = new ArrayList<String>();
    for (int i = 0; i < volumes.size(); i++) {
      var created =
          api.post(
              "/v1/images",
              obj("name", "crash-capture-" + i, "source_volume", obj("id", volumes.get(i))));
      assertThat(created.status()).as(created.raw()).isEqualTo(201);
      images.add(created.body().path("id").asText());
    }
    server.process.destroyForcibly();
    assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();

    var again = start();
    var restarted = new Api(again.url);
    for (var id : images) {
      var status = awaitFinal(restarted, id);
      assertThat(status).isIn("available", "failed");
    }
    for (var volume : volumes) {
      assertThat(restarted.get("/v1/volumes/" + volume).body().path("busy").asBoolean()).isFalse();
      var instance =
          restarted
              .get("/v1/volumes/" + volume)
              .body()
              .at("/volume_attachments/0/instance/id")
              .asText();
      assertThat(restarted.get("/v1/instances/" + instance).body().path("status_reasons"))
          .isEmpty();
    }
    again.stop();
    assertConsistent();
  }

  @Test
  void a_kill_9_during_a_re_encrypting_capture_finishes_it_under_the_new_key_after_the_restart()
      throws Exception {
    var server = start();
    var api = new Api(server.url);
    var crk = new Encryption(api);
    var keyCrn = crk.key("crash-rekey");
    var volume =
        Encryption.bootVolume(crk.stoppedInstance("crash-rekey-vm", null, stockImage(api)));
    var written = fillRandom(api, volume, REKEY_CHUNKS);
    var image = crk.capture("crash-rekey", volume, keyCrn).body().path("id").asText();
    awaitReencryptionUnderWay(api, image);
    server.process.destroyForcibly();
    assertThat(server.process.waitFor(20, TimeUnit.SECONDS)).isTrue();

    var again = start();
    var restarted = new Api(again.url);
    assertThat(awaitFinal(restarted, image)).isEqualTo("available");
    // an image under a root key is read through its LUKS download
    var read = EncryptedDownloads.read(restarted, image, keyCrn, written.length);
    assertThat(read).as("the image reads back what the volume held").isEqualTo(written);
    assertThat(rootKeysOfChunks(image)).containsExactly(keyCrn);
    again.stop();
    assertConsistent();
  }

  @Test
  void cancelling_a_re_encrypting_capture_while_it_runs_stops_it_and_leaves_nothing_behind()
      throws Exception {
    var server = start();
    var api = new Api(server.url);
    var crk = new Encryption(api);
    var keyCrn = crk.key("cancel-rekey");
    var volume =
        Encryption.bootVolume(crk.stoppedInstance("cancel-rekey-vm", null, stockImage(api)));
    fillRandom(api, volume, REKEY_CHUNKS);
    var image = crk.capture("cancel-rekey", volume, keyCrn).body().path("id").asText();
    var underWay = awaitReencryptionUnderWay(api, image);
    var cancel = api.post("/imprint/v1/images/" + image + "/capture/cancel", obj());
    assertThat(cancel.status()).as(cancel.raw()).isEqualTo(202);

    var failed = api.get("/v1/images/" + image).body();
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.at("/status_reasons/0/code").asText()).isEqualTo("image_request_cancelled");
    var job = api.get("/imprint/v1/images/" + image + "/capture").body();
    assertThat(job.path("state").asText()).isEqualTo("cancelled");
    assertThat(job.path("bytes_done").asLong())
        .as("stopped part way")
        .isGreaterThanOrEqualTo(underWay)
        .isLessThan((long) REKEY_CHUNKS * CHUNK);
    assertThat(api.get("/v1/volumes/" + volume).body().path("busy").asBoolean()).isFalse();
    // the worker stops at its next report; a graceful stop waits for it
    server.stop();
    assertThat(rootKeysOfChunks(image)).as("no chunk of the cancelled image is left").isEmpty();
    assertConsistent();
  }

  private static final int CHUNK = Encryption.CHUNK;
  // enough chunks that the re-encryption reports several times (every 32 MiB) before it ends
  private static final int REKEY_CHUNKS = 96;

  private static String stockImage(Api api) {
    return api.get("/v1/images?name=ibm-debian-12-minimal-amd64-1")
        .body()
        .at("/images/0/id")
        .asText();
  }

  /** Writes {@code chunks} chunks of random data from offset 0 and returns them. */
  private static byte[] fillRandom(Api api, String volume, int chunks) {
    var all = new byte[chunks * CHUNK];
    new Random(19).nextBytes(all);
    int step = 16 * CHUNK;
    for (int at = 0; at < all.length; at += step) {
      var part = java.util.Arrays.copyOfRange(all, at, Math.min(all.length, at + step));
      var put = api.putBytes("/imprint/v1/volumes/" + volume + "/content?offset=" + at, part);
      assertThat(put.status()).as(put.raw()).isEqualTo(200);
    }
    return all;
  }

  /**
   * Until the capture's re-encryption has reported some chunks done and not all; returns the bytes
   * done then. About real elapsed time: the point is to act while another process is in the middle
   * of the job, and its reports are all there is to watch.
   */
  private static long awaitReencryptionUnderWay(Api api, String image) throws Exception {
    return Poll.until(
        Duration.ofSeconds(60),
        Duration.ofMillis(1),
        () -> {
          var job = api.get("/imprint/v1/images/" + image + "/capture").body();
          long done = job.path("bytes_done").asLong();
          if (done > 0 && done < job.path("bytes_total").asLong()) {
            return Optional.of(done);
          }
          assertThat(job.path("state").asText())
              .as("the re-encryption ended before it could be caught part way")
              .isIn("queued", "running");
          return Optional.empty();
        },
        () -> "the re-encryption of " + image + " never got under way");
  }

  /** The root keys of the data keys that sealed the chunks of disk {@code diskId}. */
  private Set<String> rootKeysOfChunks(String diskId) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("imprint.db"));
        var s =
            c.prepareStatement(
                "SELECT DISTINCT k.root_key FROM disk_chunks c JOIN blobs b ON b.id = c.blob_id"
                    + " JOIN data_keys k ON k.id = b.data_key_id WHERE c.disk_id = ?")) {
      s.setString(1, diskId);
      var roots = new HashSet<String>();
      try (var r = s.executeQuery()) {
        while (r.next()) {
          roots.add(r.getString(1));
        }
      }
      return roots;
    }
  }

  /**
   * The image once its capture has ended. About real elapsed time: the killed process's captures
   * stay claimed until their leases (1 s, real time by design) run out in the other process, which
   * this test can only watch.
   */
  private static String awaitFinal(Api api, String image) throws Exception {
    return Poll.until(
        Duration.ofSeconds(30),
        Duration.ofMillis(50),
        () ->
            Optional.of(api.get("/v1/images/" + image).body().path("status").asText())
                .filter(status -> !status.equals("pending")),
        () -> "image " + image + " is still pending");
  }

  private ServerProcess start() throws Exception {
    return ServerProcess.start(
        dataDir, Map.of("IMPRINT_JOB_LEASE", "PT1S", "IMPRINT_INSTANCE_SETTLE_STEP", "PT0.02S"));
  }

  /** Reference counts, blob rows and blob files agree exactly. */
  private void assertConsistent() throws Exception {
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("imprint.db"));
        var s = c.createStatement()) {
      assertThat(count(s, "SELECT COUNT(*) FROM blobs WHERE state = 'pending'"))
          .as("unfinished blobs")
          .isZero();
      assertThat(
              count(
                  s,
                  "SELECT COUNT(*) FROM blobs b WHERE b.refs <> (SELECT COUNT(*) FROM disk_chunks c WHERE c.blob_id = b.id)"))
          .as("blobs with a wrong reference count")
          .isZero();
      assertThat(count(s, "SELECT COUNT(*) FROM blobs WHERE refs = 0"))
          .as("unreferenced blobs")
          .isZero();
      assertThat(
              count(
                  s,
                  "SELECT COUNT(*) FROM disk_chunks c LEFT JOIN blobs b ON b.id = c.blob_id WHERE b.id IS NULL"))
          .as("chunks without a blob")
          .isZero();
      assertThat(
              count(
                  s,
                  "SELECT COUNT(*) FROM volumes v LEFT JOIN disks d ON d.id = v.id WHERE d.id IS NULL"))
          .as("volumes without a disk")
          .isZero();
      var rows = new HashSet<String>();
      try (var r = s.executeQuery("SELECT id FROM blobs")) {
        while (r.next()) {
          rows.add(r.getString(1));
        }
      }
      assertThat(blobFiles()).as("blob files = blob rows").isEqualTo(rows);
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (var r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private Set<String> blobFiles() throws IOException {
    var out = new HashSet<String>();
    // the server is still writing while we wait: a temporary file may be renamed away between
    // listing and visiting it
    Files.walkFileTree(
        dataDir.resolve("blobs"),
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              out.add(file.getFileName().toString());
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return out;
  }

  /**
   * Until the server process has written {@code n} blob files. About real elapsed time: the kill
   * must land while another process is in the middle of an upload, and its files are all there is
   * to watch.
   */
  private void waitForBlobs(int n) throws Exception {
    Poll.until(
        Duration.ofSeconds(60),
        Duration.ofMillis(20),
        () ->
            Optional.of(Files.isDirectory(dataDir.resolve("blobs")) && blobFiles().size() >= n)
                .filter(enough -> enough),
        () -> "the upload never wrote " + n + " blobs");
  }

  /** Random bytes, slowly enough that a kill lands in the middle of the upload. */
  private static final class SlowRandom extends InputStream {
    private final Random random = new Random(7);
    private long left;

    SlowRandom(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      return left-- > 0 ? random.nextInt(256) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, 256 << 10), left);
      var chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      left -= n;
      try {
        // real elapsed time is the point: the upload must still be going when the kill comes
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      return n;
    }
  }
}
