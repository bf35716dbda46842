package io.imprint.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.imprint.core.app.disk.BlobCipher;
import io.imprint.core.domain.disk.Disk;
import io.imprint.core.domain.disk.DiskCorruptedException;
import io.imprint.core.port.BlobStore;
import io.imprint.core.port.BlobStore.Blob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link BlobStore} promises, run against each implementation: a local directory now, an
 * S3 bucket later. The promises are those of the port's Javadoc; where it is silent, what the data
 * plane relies on (a buffer handed to the store may be reused once the call returns, a missing blob
 * is damage, not an absent value).
 *
 * <p>Blob ids are fresh UUIDs, as the data plane makes them. Sizes run from the empty blob to the
 * largest a sealed chunk can be ({@link #LARGEST}).
 */
abstract class BlobStoreContractTest {
  /** A whole chunk sealed: its plaintext plus the cipher's header and tag. */
  static final int LARGEST = Disk.CHUNK_SIZE + BlobCipher.OVERHEAD;

  BlobStore store;

  /**
   * A store over this test's location (directory, bucket and prefix): a second call opens the same
   * location again, as a restart of the server does.
   */
  protected abstract BlobStore openStore();

  @BeforeEach
  void open() {
    store = openStore();
  }

  /** Empty, one byte, a page, past a 64 KiB slice, a chunk, a sealed chunk. */
  static IntStream sizes() {
    return IntStream.of(0, 1, 4096, (64 << 10) + 1, Disk.CHUNK_SIZE, LARGEST);
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void a_put_blob_reads_back_byte_for_byte_whole_or_into_a_buffer(int size) {
    var id = newId();
    var bytes = bytes(size, size);

    store.put(id, bytes);

    assertThat(store.get(id)).isEqualTo(bytes);
    var buffer = new byte[LARGEST];
    assertThat(store.read(id, buffer)).isEqualTo(size);
    assertThat(Arrays.copyOf(buffer, size)).isEqualTo(bytes);
  }

  @Test
  void read_fills_only_the_start_of_a_larger_buffer() {
    var id = newId();
    store.put(id, bytes(100, 1));
    var buffer = new byte[1000];
    Arrays.fill(buffer, (byte) 7);

    int length = store.read(id, buffer);

    assertThat(length).isEqualTo(100);
    assertThat(Arrays.copyOf(buffer, 100)).isEqualTo(bytes(100, 1));
    assertThat(Arrays.copyOfRange(buffer, 100, 1000)).containsOnly(7);
  }

  @Test
  void read_refuses_a_blob_longer_than_the_buffer_as_damage() {
    var id = newId();
    store.put(id, bytes(101, 2));

    assertThatThrownBy(() -> store.read(id, new byte[100]))
        .isInstanceOf(DiskCorruptedException.class)
        .hasMessageContaining(id);
  }

  @Test
  void a_blob_never_stored_is_damage_to_get_and_to_read() {
    var id = newId();

    assertThatThrownBy(() -> store.get(id))
        .isInstanceOf(DiskCorruptedException.class)
        .hasMessageContaining(id);
    assertThatThrownBy(() -> store.read(id, new byte[LARGEST]))
        .isInstanceOf(DiskCorruptedException.class)
        .hasMessageContaining(id);
  }

  @Test
  void a_blob_keeps_the_bytes_it_was_put_with_when_the_caller_reuses_its_array() {
    var id = newId();
    var bytes = bytes(5000, 3);

    store.put(id, bytes);
    Arrays.fill(bytes, (byte) 0);

    assertThat(store.get(id)).isEqualTo(bytes(5000, 3));
  }

  @Test
  void put_all_stores_every_blob_and_only_the_first_length_bytes_of_each_buffer() {
    var blobs = new ArrayList<Blob>();
    for (int i = 0; i < 5; i++) {
      // each buffer longer than its blob, as a pipeline's chunk buffers are
      var buffer = bytes(LARGEST, 10 + i);
      blobs.add(new Blob(newId(), buffer, i * 1000));
    }

    store.putAll(blobs);

    for (var blob : blobs) {
      assertThat(store.get(blob.id()))
          .isEqualTo(Arrays.copyOf(blob.buffer(), blob.length()))
          .hasSize(blob.length());
    }
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(blobs.stream().map(Blob::id).toList());
  }

  @Test
  void put_all_and_publish_of_no_blobs_store_nothing() {
    store.putAll(List.of());
    store.publish(List.of());

    assertThat(ids()).isEmpty();
  }

  @Test
  void a_staged_blob_is_invisible_until_published() {
    var blob = new Blob(newId(), bytes(LARGEST, 4), Disk.CHUNK_SIZE);

    store.stage(blob);

    assertThat(ids()).isEmpty();
    assertThatThrownBy(() -> store.get(blob.id())).isInstanceOf(DiskCorruptedException.class);

    store.publish(List.of(blob));

    assertThat(ids()).containsExactly(blob.id());
    assertThat(store.get(blob.id())).isEqualTo(Arrays.copyOf(blob.buffer(), Disk.CHUNK_SIZE));
  }

  @Test
  void a_published_blob_no_longer_needs_its_buffer() {
    var buffer = bytes(LARGEST, 5);
    var blob = new Blob(newId(), buffer, LARGEST);
    store.stage(blob);
    store.publish(List.of(blob));

    // the data plane hands the buffer to the next chunk as soon as publish returns
    Arrays.fill(buffer, (byte) 0);

    assertThat(store.get(blob.id())).isEqualTo(bytes(LARGEST, 5));
  }

  @Test
  void a_store_that_takes_the_staged_bytes_publishes_them_after_the_buffer_was_reused() {
    var buffer = bytes(LARGEST, 6);
    var blob = new Blob(newId(), buffer, LARGEST);
    var taken = new java.util.concurrent.atomic.AtomicBoolean();
    store.stage(blob, () -> taken.set(true));
    assumeTrue(taken.get(), "this store reads the buffers when it publishes");

    // the data plane hands the buffer to the next chunk as soon as the store took its bytes
    Arrays.fill(buffer, (byte) 0);
    store.publish(List.of(blob));

    assertThat(store.get(blob.id())).isEqualTo(bytes(LARGEST, 6));
  }

  @Test
  void a_staged_blob_that_is_deleted_is_never_visible_not_even_after_a_reopen() {
    var blob = new Blob(newId(), bytes(1000, 6), 1000);
    store.stage(blob);

    store.delete(blob.id());

    assertThat(ids()).isEmpty();
    assertThatThrownBy(() -> store.get(blob.id())).isInstanceOf(DiskCorruptedException.class);
    store = openStore();
    assertThat(ids()).isEmpty();
    assertThatThrownBy(() -> store.get(blob.id())).isInstanceOf(DiskCorruptedException.class);
  }

  @Test
  void a_blob_staged_and_never_published_is_not_stored_after_a_reopen() {
    // a crash between stage and publish: the write that staged it never mapped it
    var blob = new Blob(newId(), bytes(1000, 7), 1000);
    store.stage(blob);

    store = openStore();

    assertThat(ids()).isEmpty();
    assertThatThrownBy(() -> store.get(blob.id())).isInstanceOf(DiskCorruptedException.class);
  }

  @Test
  void a_published_blob_survives_a_reopen() {
    var put = newId();
    var published = new Blob(newId(), bytes(LARGEST, 8), LARGEST);
    store.put(put, bytes(3000, 9));
    store.stage(published);
    store.publish(List.of(published));

    store = openStore();

    assertThat(ids()).containsExactlyInAnyOrder(put, published.id());
    assertThat(store.get(put)).isEqualTo(bytes(3000, 9));
    assertThat(store.get(published.id())).isEqualTo(bytes(LARGEST, 8));
  }

  @Test
  void a_deleted_blob_is_gone_and_the_others_stay() {
    var kept = newId();
    var deleted = newId();
    store.put(kept, bytes(10, 10));
    store.put(deleted, bytes(10, 11));

    store.delete(deleted);

    assertThat(ids()).containsExactly(kept);
    assertThatThrownBy(() -> store.get(deleted)).isInstanceOf(DiskCorruptedException.class);
    assertThat(store.get(kept)).isEqualTo(bytes(10, 10));
  }

  @Test
  void deleting_twice_or_deleting_a_blob_never_stored_is_no_error() {
    var id = newId();
    store.put(id, bytes(10, 12));
    store.delete(id);

    assertThatCode(() -> store.delete(id)).doesNotThrowAnyException();
    assertThatCode(() -> store.delete(newId())).doesNotThrowAnyException();
    assertThat(ids()).isEmpty();
  }

  @Test
  void blobs_whose_ids_share_a_prefix_stay_apart() {
    // a store may group blobs by a prefix of the id, as the local one does by its first two
    // characters
    var first = "ab" + UUID.randomUUID().toString().substring(2);
    var second = "ab" + UUID.randomUUID().toString().substring(2);
    store.put(first, bytes(10, 13));
    store.put(second, bytes(10, 14));

    store.delete(first);

    assertThat(ids()).containsExactly(second);
    assertThat(store.get(second)).isEqualTo(bytes(10, 14));
  }

  @Test
  void for_each_id_reports_every_stored_blob_once() {
    var stored = IntStream.range(0, 40).mapToObj(i -> newId()).toList();
    stored.forEach(id -> store.put(id, bytes(1, id.hashCode())));

    var seen = new ArrayList<String>();
    store.forEachId(seen::add);

    assertThat(seen).containsExactlyInAnyOrderElementsOf(stored);
  }

  @Test
  void puts_of_different_ids_from_many_threads_all_land() throws Exception {
    int threads = 8;
    int perThread = 6;
    var ids = IntStream.range(0, threads * perThread).mapToObj(i -> newId()).toList();

    race(
        threads,
        t -> {
          for (int i = 0; i < perThread; i++) {
            int n = t * perThread + i;
            store.put(ids.get(n), bytes(20_000 + n, n));
          }
        });

    assertThat(ids()).containsExactlyInAnyOrderElementsOf(ids);
    for (int n = 0; n < ids.size(); n++) {
      assertThat(store.get(ids.get(n))).as(ids.get(n)).isEqualTo(bytes(20_000 + n, n));
    }
  }

  @Test
  void blobs_staged_from_many_threads_are_published_together() throws Exception {
    int threads = 8;
    var blobs =
        IntStream.range(0, threads)
            .mapToObj(n -> new Blob(newId(), bytes(LARGEST, 100 + n), LARGEST - n))
            .toList();

    race(threads, t -> store.stage(blobs.get(t)));
    assertThat(ids()).isEmpty();
    store.publish(blobs);

    assertThat(ids()).containsExactlyInAnyOrderElementsOf(blobs.stream().map(Blob::id).toList());
    for (var blob : blobs) {
      assertThat(store.get(blob.id())).isEqualTo(Arrays.copyOf(blob.buffer(), blob.length()));
    }
  }

  Set<String> ids() {
    var ids = new HashSet<String>();
    store.forEachId(ids::add);
    return ids;
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** {@code size} bytes that differ from seed to seed. */
  static byte[] bytes(int size, long seed) {
    var bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @FunctionalInterface
  interface Task {
    void run(int thread) throws Exception;
  }

  /**
   * Runs {@code task} on {@code threads} threads released at the same moment; rethrows a failure.
   */
  static void race(int threads, Task task) throws Exception {
    try (var pool = Executors.newFixedThreadPool(threads)) {
      var go = new CountDownLatch(1);
      var futures = new ArrayList<Future<?>>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<Void> call =
            () -> {
              go.await();
              task.run(thread);
              return null;
            };
        futures.add(pool.submit(call));
      }
      go.countDown();
      for (var future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    }
  }
}
