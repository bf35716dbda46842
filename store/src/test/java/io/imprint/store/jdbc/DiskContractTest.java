package io.imprint.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.disk.DiskService;
import io.imprint.core.app.disk.MasterKey;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.disk.DiskCorruptedException;
import io.imprint.core.domain.region.Region;
import io.imprint.core.port.BlobStore;
import io.imprint.store.blob.LocalBlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data plane's contract on each database: disks as chunk maps over sealed, reference-counted
 * blobs in a local blob directory.
 */
abstract class DiskContractTest {
  static final int CHUNK = Disk.CHUNK_SIZE;
  static final byte[] KEY = new byte[32];

  @TempDir Path dir;
  JdbcStore store;
  LocalBlobStore blobs;
  DiskService disks;
  final Random random = new Random(42);

  protected abstract JdbcStore openStore();

  @BeforeEach
  void open() {
    store = openStore();
    blobs = new LocalBlobStore(dir.resolve("blobs"));
    disks = service(new MasterKey(KEY));
  }

  @AfterEach
  void close() {
    store.close();
  }

  DiskService service(MasterKey key) {
    return new DiskService(store, blobs, key, deployment());
  }

  Deployment deployment() {
    return new Deployment(
        Region.of("us-south", 3),
        "a".repeat(32),
        "b".repeat(32),
        InstantSource.system(),
        new SecureRandom());
  }

  Disk newDisk(String id, long capacity) {
    return store.write(tx -> disks.createDisk(tx, id, capacity));
  }

  void write(String id, long offset, byte[] data) throws IOException {
    disks.write(id, offset, data.length, new ByteArrayInputStream(data), false);
  }

  byte[] read(String id, long offset, long length) throws IOException {
    var out = new ByteArrayOutputStream();
    disks.read(id, offset, length, out);
    return out.toByteArray();
  }

  byte[] randomBytes(int n) {
    var b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  long pendingBlobs() {
    return store.read(tx -> tx.disks().pendingBlobs(Instant.now().plusSeconds(3600), 1000)).size();
  }

  @Test
  void a_write_of_many_batches_maps_every_chunk_keeps_unchanged_ones_and_leaves_nothing_pending()
      throws IOException {
    manyBatches();
  }

  @Test
  void with_the_fewest_buffers_a_write_and_a_read_still_finish() throws IOException {
    // 2 write buffers (batches of 1) and 1 read buffer: every wait for a buffer happens with the
    // others in flight
    disks =
        new DiskService(
            store, blobs, new MasterKey(KEY), deployment(), 0, DiskService.DEFAULT_BUFFER_WAIT);
    manyBatches();
    store.write(
        tx -> {
          disks.deleteDisk(tx, "d1");
          return null;
        });
    disks.reclaim();
    failingMidway();
  }

  private void manyBatches() throws IOException {
    int chunks = 21;
    newDisk("d1", (long) chunks * CHUNK);
    var content = new byte[chunks * CHUNK];
    for (int i = 0; i < chunks; i++) {
      if (i % 5 != 3) {
        System.arraycopy(randomBytes(CHUNK), 0, content, i * CHUNK, CHUNK);
      }
    }
    disks.write("d1", 0, content.length, new ByteArrayInputStream(content), true);
    var first = disks.chunks("d1");
    assertThat(first).hasSize(17);
    assertThat(read("d1", 0, content.length)).isEqualTo(content);
    // again with one chunk changed, a hole filled and a chunk zeroed: the unchanged chunks keep
    // their blobs, and no
    // reservation is left over
    System.arraycopy(randomBytes(CHUNK), 0, content, 0, CHUNK);
    System.arraycopy(randomBytes(100), 0, content, 13 * CHUNK + 7, 100);
    Arrays.fill(content, 20 * CHUNK, 21 * CHUNK, (byte) 0);
    disks.write("d1", 0, content.length, new ByteArrayInputStream(content), true);
    assertThat(read("d1", 0, content.length)).isEqualTo(content);
    var second = disks.chunks("d1");
    assertThat(second).hasSize(17);
    assertThat(second.stream().filter(first::contains).count()).isEqualTo(15);
    assertThat(pendingBlobs()).isZero();
    assertThat(blobFiles()).isEqualTo(17);
  }

  @Test
  void a_one_chunk_write_reserves_one_blob_id_and_a_large_one_leaves_none_over()
      throws IOException {
    // reservations seen as each blob is staged: reserved rows not yet mapped
    var seen = new ConcurrentLinkedQueue<Long>();
    var watched =
        new BlobStore() {
          @Override
          public void put(String id, byte[] sealed) {
            blobs.put(id, sealed);
          }

          @Override
          public void stage(Blob blob) {
            seen.add(pendingBlobs());
            blobs.stage(blob);
          }

          @Override
          public void publish(List<Blob> staged) {
            blobs.publish(staged);
          }

          @Override
          public byte[] get(String id) {
            return blobs.get(id);
          }

          @Override
          public void delete(String id) {
            blobs.delete(id);
          }

          @Override
          public void forEachId(Consumer<String> consumer) {
            blobs.forEachId(consumer);
          }
        };
    disks = new DiskService(store, watched, new MasterKey(KEY), deployment());
    newDisk("d1", 64L * CHUNK);
    write("d1", 0, randomBytes(CHUNK));
    assertThat(seen).containsExactly(1L);
    assertThat(pendingBlobs()).isZero();
    // a large write reserves more at a time (1, 2, 4, then whole batches) and leaves none over
    var content = randomBytes(40 * CHUNK);
    write("d1", 0, content);
    assertThat(seen).hasSize(41);
    assertThat(read("d1", 0, content.length)).isEqualTo(content);
    assertThat(pendingBlobs()).isZero();
  }

  @Test
  void warming_up_the_ciphers_stores_nothing_and_leaves_reads_and_writes_exact()
      throws IOException {
    disks.warmUp();
    disks.warmUp();
    assertThat(blobFiles()).isZero();
    assertThat(pendingBlobs()).isZero();
    newDisk("d1", 2L * CHUNK);
    var content = randomBytes(2 * CHUNK);
    write("d1", 0, content);
    assertThat(read("d1", 0, content.length)).isEqualTo(content);
  }

  @Test
  void a_write_whose_input_fails_midway_leaves_no_blob_that_nothing_maps() throws IOException {
    failingMidway();
  }

  private void failingMidway() throws IOException {
    int chunks = 20;
    newDisk("d1", (long) chunks * CHUNK);
    var old = randomBytes(CHUNK);
    write("d1", 19L * CHUNK, old);
    var content = randomBytes(chunks * CHUNK);
    var failing =
        new FilterInputStream(new ByteArrayInputStream(content)) {
          long left = 13L * CHUNK + 5;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
              throw new IOException("the client went away");
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            left -= n;
            return n;
          }
        };
    assertThatThrownBy(() -> disks.write("d1", 0, content.length, failing, true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("went away");
    assertThat(pendingBlobs()).isZero();
    var mapped = disks.chunks("d1");
    assertThat(blobFiles()).isEqualTo(mapped.size());
    for (var ref : mapped) {
      long at = ref.index() * CHUNK;
      var expected =
          ref.index() == 19 ? old : Arrays.copyOfRange(content, (int) at, (int) at + CHUNK);
      assertThat(read("d1", at, CHUNK)).isEqualTo(expected);
    }
    // the writer gave its buffers back: the next write runs
    write("d1", 0, content);
    assertThat(read("d1", 0, content.length)).isEqualTo(content);
  }

  long blobFiles() throws IOException {
    try (var walk = Files.walk(dir.resolve("blobs"))) {
      return walk.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void a_new_disk_reads_as_zeros_and_stores_nothing() throws IOException {
    newDisk("d1", 3L * CHUNK);
    assertThat(read("d1", 0, 3L * CHUNK)).containsOnly(0);
    assertThat(disks.storedBytes("d1")).isZero();
    assertThat(blobFiles()).isZero();
  }

  @Test
  void bytes_written_across_a_chunk_boundary_read_back_exactly() throws IOException {
    newDisk("d1", 4L * CHUNK);
    var data = randomBytes(CHUNK + 1000);
    write("d1", CHUNK - 500, data);
    assertThat(read("d1", CHUNK - 500, data.length)).isEqualTo(data);
    assertThat(read("d1", 0, CHUNK - 500)).containsOnly(0);
    assertThat(read("d1", CHUNK - 10, 20)).isEqualTo(Arrays.copyOfRange(data, 490, 510));
    assertThat(disks.chunks("d1")).extracting(c -> c.index()).containsExactly(0L, 1L, 2L);
  }

  @Test
  void writing_zeros_over_data_unmaps_the_chunk_and_reclaims_its_blob() throws IOException {
    newDisk("d1", 2L * CHUNK);
    write("d1", 0, randomBytes(CHUNK));
    assertThat(blobFiles()).isEqualTo(1);
    write("d1", 0, new byte[CHUNK]);
    assertThat(disks.chunks("d1")).isEmpty();
    assertThat(blobFiles()).isZero();
  }

  @Test
  void a_full_replacement_leaves_zeros_after_the_new_content() throws IOException {
    newDisk("d1", 3L * CHUNK);
    write("d1", 0, randomBytes(3 * CHUNK));
    var smaller = randomBytes(CHUNK + 7);
    disks.write("d1", 0, smaller.length, new ByteArrayInputStream(smaller), true);
    assertThat(read("d1", 0, smaller.length)).isEqualTo(smaller);
    assertThat(read("d1", smaller.length, 3L * CHUNK - smaller.length)).containsOnly(0);
    assertThat(disks.chunks("d1")).hasSize(2);
  }

  @Test
  void a_clone_shares_blobs_and_keeps_its_content_when_the_source_changes() throws IOException {
    newDisk("src", 100L * Disk.GB);
    var first = randomBytes(CHUNK);
    var far = randomBytes(4096);
    write("src", 0, first);
    write("src", 50L * Disk.GB, far);
    long before = blobFiles();
    store.write(tx -> disks.cloneDisk(tx, "src", "copy", 100L * Disk.GB));
    assertThat(blobFiles()).isEqualTo(before);
    write("src", 0, randomBytes(CHUNK));
    assertThat(read("copy", 0, CHUNK)).isEqualTo(first);
    assertThat(read("copy", 50L * Disk.GB, 4096)).isEqualTo(far);
    assertThat(blobFiles()).isEqualTo(before + 1);
    assertThat(disks.checksum("copy")).isNotEqualTo(disks.checksum("src"));
  }

  @Test
  void deleting_disks_reclaims_blobs_only_when_nothing_shares_them() throws IOException {
    newDisk("src", 2L * CHUNK);
    var data = randomBytes(2 * CHUNK);
    write("src", 0, data);
    store.write(tx -> disks.cloneDisk(tx, "src", "copy", 2L * CHUNK));
    store.write(
        tx -> {
          disks.deleteDisk(tx, "src");
          return null;
        });
    disks.reclaim();
    assertThat(read("copy", 0, 2L * CHUNK)).isEqualTo(data);
    assertThat(blobFiles()).isEqualTo(2);
    store.write(
        tx -> {
          disks.deleteDisk(tx, "copy");
          return null;
        });
    disks.reclaim();
    assertThat(blobFiles()).isZero();
  }

  @Test
  void a_tampered_blob_fails_authentication_instead_of_returning_wrong_bytes() throws IOException {
    newDisk("d1", CHUNK);
    write("d1", 0, randomBytes(1000));
    try (var walk = Files.walk(dir.resolve("blobs"))) {
      var file = walk.filter(Files::isRegularFile).findFirst().orElseThrow();
      var bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 1;
      Files.write(file, bytes);
    }
    assertThatThrownBy(() -> read("d1", 0, 10))
        .isInstanceOf(DiskCorruptedException.class)
        .hasMessageContaining("authentication");
  }

  @Test
  void another_master_key_cannot_unwrap_the_data_keys() throws IOException {
    newDisk("d1", CHUNK);
    write("d1", 0, randomBytes(100));
    var other = new byte[32];
    other[0] = 1;
    var stranger = service(new MasterKey(other));
    assertThatThrownBy(() -> stranger.read("d1", 0, 100, new ByteArrayOutputStream()))
        .isInstanceOf(DiskCorruptedException.class);
  }

  @Test
  void recovery_removes_unfinished_unreferenced_and_orphan_blobs() throws IOException {
    newDisk("d1", 2L * CHUNK);
    var kept = randomBytes(CHUNK);
    write("d1", 0, kept);
    // a write that crashed after reserving and storing its blob, but before mapping it
    store.write(
        tx -> {
          tx.disks()
              .reserveBlob(
                  "aaaaaaaa-0000-4000-8000-000000000001",
                  tx.disks().getDisk("d1").orElseThrow().dataKeyId(),
                  Instant.now().minusSeconds(5));
          return null;
        });
    blobs.put("aaaaaaaa-0000-4000-8000-000000000001", new byte[] {1, 2, 3});
    // a blob file whose reservation never committed
    blobs.put("bbbbbbbb-0000-4000-8000-000000000002", new byte[] {4, 5, 6});
    assertThat(blobFiles()).isEqualTo(3);
    disks.recover();
    assertThat(blobFiles()).isEqualTo(1);
    assertThat(read("d1", 0, CHUNK)).isEqualTo(kept);
  }

  @Test
  void the_checksum_follows_the_documented_manifest_recipe() throws Exception {
    newDisk("d1", 3L * CHUNK);
    var content = new byte[3 * CHUNK];
    System.arraycopy(randomBytes(CHUNK), 0, content, 0, CHUNK);
    System.arraycopy(randomBytes(100), 0, content, 2 * CHUNK + 5, 100);
    disks.write("d1", 0, content.length, new ByteArrayInputStream(content), true);
    // the recipe, from the raw content alone
    var manifest = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 3; i++) {
      var chunk = Arrays.copyOfRange(content, i * CHUNK, (i + 1) * CHUNK);
      if (Arrays.equals(chunk, new byte[CHUNK])) {
        continue;
      }
      manifest.update(ByteBuffer.allocate(8).putLong(i).array());
      manifest.update(MessageDigest.getInstance("SHA-256").digest(chunk));
    }
    assertThat(disks.checksum("d1")).isEqualTo(HexFormat.of().formatHex(manifest.digest()));
  }
}
