package io.imprint.core.app.disk.qcow2;

import static io.imprint.core.app.disk.qcow2.QemuImg.qemuImg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our qcow2 output is judged by qemu-img itself, against a raw disk built from the same chunks. */
class Qcow2WriterTest {
  private static final int CHUNK = 4 << 20;
  private static final long MIB = 1 << 20;
  private static final long GIB = 1L << 30;

  @TempDir static Path dir;
  private static final Map<String, Written> written = new HashMap<>();

  record Case(String name, long virtualSize, SortedSet<Long> chunks) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Written(Path qcow2, Path raw) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("no chunks", GIB, chunks()),
        new Case("an empty disk", 0, chunks()),
        new Case("first chunk only", 64 * MIB, chunks(0)),
        // 600 MiB crosses the 512 MiB that one L2 table maps, and 149 is the last chunk
        new Case("scattered chunks", 600 * MIB, chunks(1, 7, 8, 100, 127, 128, 149)),
        // the disk ends 4608 bytes into a cluster of its last chunk
        new Case("last partial chunk", 9 * MIB + 4608, chunks(0, 2)),
        new Case("100 GiB with 3 chunks", 100 * GIB, chunks(0, 12345, 25599)),
        // more than the 8192 L2 tables one L1 cluster holds
        new Case("5 TiB, first and last chunk", 5L << 40, chunks(0, (5L << 40) / CHUNK - 1)));
  }

  @BeforeAll
  static void needs_qemu_img() {
    QemuImg.require();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void size_equals_the_bytes_written(Case c) throws IOException {
    var qcow2 = write(c).qcow2();

    assertThat(Qcow2Writer.size(c.virtualSize(), CHUNK, c.chunks())).isEqualTo(Files.size(qcow2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void qemu_img_check_finds_no_errors(Case c) throws IOException {
    var result = qemuImg("check", "-f", "qcow2", write(c).qcow2());

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void qemu_img_compare_matches_a_raw_disk_of_the_same_chunks(Case c) throws IOException {
    var files = write(c);

    var result = qemuImg("compare", "-f", "raw", "-F", "qcow2", files.raw(), files.qcow2());

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void our_reader_reads_back_every_chunk(Case c) throws Exception {
    var files = write(c);
    var rebuilt = new HashMap<Long, byte[]>();
    try (var channel = FileChannel.open(files.qcow2());
        var reader = Qcow2Reader.open(channel)) {
      assertThat(reader.virtualSize()).isEqualTo(c.virtualSize());
      reader.forEachCluster(
          (offset, data) -> {
            long index = offset / CHUNK;
            var chunk =
                rebuilt.computeIfAbsent(index, i -> new byte[chunkLength(c.virtualSize(), i)]);
            System.arraycopy(data, 0, chunk, (int) (offset % CHUNK), data.length);
          });
    }

    assertThat(rebuilt.keySet()).containsExactlyInAnyOrderElementsOf(c.chunks());
    for (long index : c.chunks()) {
      assertThat(Arrays.mismatch(rebuilt.get(index), chunk(c.virtualSize(), index)))
          .as("chunk " + index)
          .isEqualTo(-1);
    }
  }

  @Test
  void the_last_chunk_may_come_padded_to_the_full_chunk_size() throws IOException {
    long size = 9 * MIB + 4608;
    var set = chunks(2);
    var exact = stream(size, set, i -> chunk(size, i));

    var padded =
        stream(
            size,
            set,
            i -> {
              var full = new byte[CHUNK];
              Arrays.fill(full, (byte) 0x77);
              System.arraycopy(chunk(size, i), 0, full, 0, chunkLength(size, i));
              return full;
            });

    assertThat(Arrays.mismatch(padded, exact)).isEqualTo(-1);
  }

  @Test
  void a_short_chunk_reads_as_zeros_past_its_end() throws IOException {
    var set = chunks(0);
    var head = new byte[(int) MIB + 3];
    new Random(1).nextBytes(head);

    var shortChunk = stream(8 * MIB, set, i -> head);

    assertThat(Arrays.mismatch(shortChunk, stream(8 * MIB, set, i -> Arrays.copyOf(head, CHUNK))))
        .isEqualTo(-1);
  }

  @Test
  void a_chunk_longer_than_the_chunk_size_is_refused() {
    assertThatThrownBy(() -> stream(8 * MIB, chunks(1), i -> new byte[CHUNK + 1]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("chunk 1");
  }

  @Test
  void a_chunk_outside_the_disk_is_refused() {
    assertThatThrownBy(() -> Qcow2Writer.size(8 * MIB, CHUNK, chunks(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunk 2");
  }

  @Test
  void a_chunk_size_that_is_not_a_whole_number_of_clusters_is_refused() {
    assertThatThrownBy(() -> Qcow2Writer.size(8 * MIB, 3000, chunks(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunk size");
  }

  @Test
  void the_stream_is_written_without_reading_a_chunk_twice_or_out_of_order() throws IOException {
    var asked = new ArrayList<Long>();

    Qcow2Writer.write(
        OutputStream.nullOutputStream(),
        600 * MIB,
        CHUNK,
        chunks(149, 1, 100),
        i -> {
          asked.add(i);
          return new byte[0];
        });

    assertThat(asked).containsExactly(1L, 100L, 149L);
  }

  private static Written write(Case c) throws IOException {
    var done = written.get(c.name());
    if (done != null) {
      return done;
    }
    var stem = c.name().replaceAll("[^A-Za-z0-9]+", "-");
    var qcow2 = dir.resolve(stem + ".qcow2");
    var raw = dir.resolve(stem + ".raw");
    try (var out = new BufferedOutputStream(Files.newOutputStream(qcow2), 1 << 16)) {
      Qcow2Writer.write(out, c.virtualSize(), CHUNK, c.chunks(), i -> chunk(c.virtualSize(), i));
    }
    try (var file = new RandomAccessFile(raw.toFile(), "rw")) {
      file.setLength(c.virtualSize());
      for (long index : c.chunks()) {
        file.seek(index * CHUNK);
        file.write(chunk(c.virtualSize(), index));
      }
    }
    var files = new Written(qcow2, raw);
    written.put(c.name(), files);
    return files;
  }

  private static byte[] stream(long size, SortedSet<Long> set, Qcow2Writer.ChunkSource source)
      throws IOException {
    var out = new ByteArrayOutputStream();
    Qcow2Writer.write(out, size, CHUNK, set, source);
    return out.toByteArray();
  }

  /**
   * Random bytes seeded by the index, with a zero stretch inside, which must still round-trip as
   * data.
   */
  private static byte[] chunk(long virtualSize, long index) {
    var bytes = new byte[chunkLength(virtualSize, index)];
    new Random(index).nextBytes(bytes);
    int zeroFrom = Math.min(bytes.length, (int) MIB);
    Arrays.fill(bytes, zeroFrom, Math.min(bytes.length, zeroFrom + (int) MIB / 4), (byte) 0);
    return bytes;
  }

  private static int chunkLength(long virtualSize, long index) {
    return (int) Math.min(CHUNK, virtualSize - index * CHUNK);
  }

  private static SortedSet<Long> chunks(long... indexes) {
    var set = new TreeSet<Long>();
    for (long index : indexes) {
      set.add(index);
    }
    return set;
  }
}
