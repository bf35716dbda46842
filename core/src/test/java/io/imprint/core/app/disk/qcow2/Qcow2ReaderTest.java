package io.imprint.core.app.disk.qcow2;

import static io.imprint.core.app.disk.qcow2.QemuImg.qemuImgOk;
import static io.imprint.core.app.disk.qcow2.QemuImg.qemuIoOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads images made by the real qemu-img and qemu-io, and refuses the ones Imprint can't or mustn't
 * use.
 */
class Qcow2ReaderTest {
  private static final int MIB = 1 << 20;
  // a multiple of 512 (qcow2 requires it) but of no cluster size, so the last cluster is always cut
  private static final long RAW_SIZE = 64L * MIB + 7 * 512;
  // nothing is written here, so it must come back as a hole
  private static final long HOLE_START = 40L * MIB;
  private static final long HOLE_END = 46L * MIB;

  @TempDir static Path dir;
  private static Path raw;
  private static byte[] rawBytes;
  private static Path plain;

  @BeforeAll
  static void make_a_sparse_raw_disk_and_its_plain_qcow2() throws IOException {
    QemuImg.require();
    raw = dir.resolve("disk.raw");
    var random = new Random(20240611);
    try (var file = new RandomAccessFile(raw.toFile(), "rw")) {
      file.setLength(RAW_SIZE);
      // 1 MiB extents, several at offsets that no cluster size divides, so clusters are only partly
      // written
      long[] extents = {
        0,
        3L * MIB + 12345,
        9L * MIB,
        17L * MIB + MIB / 2,
        23L * MIB + 777,
        31L * MIB,
        38L * MIB,
        47L * MIB + 3 * 4096 + 100,
        55L * MIB,
        62L * MIB
      };
      for (int i = 0; i < extents.length; i++) {
        file.seek(extents[i]);
        file.write(i % 2 == 0 ? compressibleBytes(random, MIB) : randomBytes(random, MIB));
      }
      // zeros written as data inside an extent: qemu-img turns them into holes or zero clusters
      file.seek(9L * MIB + MIB / 4);
      file.write(new byte[MIB / 2]);
      file.seek(27L * MIB + 1);
      file.write(randomBytes(random, 100));
      // the tail, so the last, partial cluster of every cluster size holds data
      file.seek(RAW_SIZE - 5000);
      file.write(compressibleBytes(random, 5000));
    }
    rawBytes = Files.readAllBytes(raw);
    plain = convert("plain.qcow2");
  }

  static Stream<Arguments> qemu_img_variants() {
    return Stream.of(
        Arguments.of(Named.of("plain", List.of())),
        Arguments.of(Named.of("compressed", List.of("-c"))),
        Arguments.of(Named.of("version 2", List.of("-o", "compat=0.10"))),
        Arguments.of(Named.of("version 2 compressed", List.of("-c", "-o", "compat=0.10"))),
        Arguments.of(Named.of("4 KiB clusters", List.of("-o", "cluster_size=4096"))),
        Arguments.of(Named.of("2 MiB clusters", List.of("-o", "cluster_size=2M"))),
        Arguments.of(Named.of("2 MiB clusters compressed", List.of("-c", "-o", "cluster_size=2M"))),
        Arguments.of(
            Named.of("512-byte clusters compressed", List.of("-c", "-o", "cluster_size=512"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("qemu_img_variants")
  void a_qemu_img_conversion_reads_back_byte_identical_to_the_raw_disk(List<String> options)
      throws Exception {
    var image =
        convert(
            "variant-" + String.join("_", options).replaceAll("[^a-z0-9_]", "") + ".qcow2",
            options.toArray());

    var content = readAll(image, RAW_SIZE);

    assertThat(Arrays.mismatch(content, rawBytes)).as("first differing byte").isEqualTo(-1);
  }

  @Test
  void virtual_size_and_cluster_size_come_from_the_header() throws Exception {
    var image = convert("sizes.qcow2", "-o", "cluster_size=4096");
    try (var channel = FileChannel.open(image);
        var reader = Qcow2Reader.open(channel)) {
      assertThat(reader.virtualSize()).isEqualTo(RAW_SIZE);
      assertThat(reader.clusterSize()).isEqualTo(4096);
    }
  }

  @Test
  void clusters_arrive_ascending_and_only_the_last_is_cut_at_the_virtual_size() throws Exception {
    var image = convert("order.qcow2", "-o", "cluster_size=2M");
    var offsets = new ArrayList<Long>();
    var lengths = new ArrayList<Integer>();
    try (var channel = FileChannel.open(image);
        var reader = Qcow2Reader.open(channel)) {
      reader.forEachCluster(
          (offset, data) -> {
            offsets.add(offset);
            lengths.add(data.length);
          });
    }
    assertThat(offsets).isSorted().doesNotHaveDuplicates().allMatch(o -> o % (2 * MIB) == 0);
    assertThat(lengths.subList(0, lengths.size() - 1)).containsOnly(2 * MIB);
    assertThat(offsets.getLast() + lengths.getLast()).isEqualTo(RAW_SIZE);
    assertThat(lengths.getLast()).isEqualTo((int) (RAW_SIZE % (2 * MIB)));
  }

  @Test
  void holes_are_not_visited() throws Exception {
    var offsets = visitedOffsets(plain);

    assertThat(offsets).isNotEmpty().noneMatch(o -> o >= HOLE_START && o < HOLE_END);
  }

  @Test
  void zero_flagged_clusters_read_as_zeros() throws Exception {
    var image = zeroClusterImage();
    var reference = dir.resolve("zeros-reference.raw");
    qemuImgOk("convert", "-f", "qcow2", "-O", "raw", image, reference);

    var content = readAll(image, 8 * MIB);

    assertThat(Arrays.mismatch(content, Files.readAllBytes(reference)))
        .as("first differing byte")
        .isEqualTo(-1);
  }

  @Test
  void zero_flagged_clusters_are_not_visited() throws Exception {
    var offsets = visitedOffsets(zeroClusterImage());

    // 64k..192k: zero flag over a kept host cluster; 512k..576k: zero flag with the cluster
    // unmapped
    assertThat(offsets)
        .contains(0L, 192L << 10, 448L << 10, 576L << 10)
        .doesNotContain(64L << 10, 128L << 10, 512L << 10);
  }

  @Test
  void a_dirty_image_is_read_normally() throws Exception {
    var image = patched(plain, "dirty.qcow2", header -> header.putLong(72, 1L));

    assertThat(Arrays.mismatch(readAll(image, RAW_SIZE), rawBytes)).isEqualTo(-1);
  }

  @Test
  void an_image_with_a_backing_file_is_refused() throws Exception {
    var base = dir.resolve("base.qcow2");
    var top = dir.resolve("top.qcow2");
    qemuImgOk("create", "-q", "-f", "qcow2", base, "8M");
    qemuImgOk("create", "-q", "-f", "qcow2", "-b", base, "-F", "qcow2", top);

    assertThatThrownBy(() -> readAll(top, 8 * MIB))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("backing file");
  }

  @Test
  void a_truncated_copy_is_refused() throws Exception {
    var truncated = dir.resolve("truncated.qcow2");
    try (var in = FileChannel.open(plain);
        var out =
            FileChannel.open(truncated, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      in.transferTo(0, in.size() / 2, out);
    }

    assertThatThrownBy(() -> readAll(truncated, RAW_SIZE))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void a_file_shorter_than_a_header_is_refused_as_truncated() throws Exception {
    var stub = dir.resolve("stub.qcow2");
    Files.write(stub, Arrays.copyOf(Files.readAllBytes(plain), 40));

    assertThatThrownBy(() -> open(stub))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void a_bad_magic_is_refused() throws Exception {
    var image = patched(plain, "bad-magic.qcow2", header -> header.putInt(0, 0x514649fa));

    assertThatThrownBy(() -> open(image))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("bad magic");
  }

  @Test
  void a_huge_l1_size_is_refused_quickly() throws Exception {
    var image = patched(plain, "huge-l1.qcow2", header -> header.putInt(36, -1));

    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () ->
            assertThatThrownBy(() -> readAll(image, RAW_SIZE))
                .isInstanceOf(Qcow2Exception.class)
                .hasMessageContaining("L1 table"));
  }

  @Test
  void an_l1_table_that_runs_past_the_end_of_the_file_is_refused_as_truncated() throws Exception {
    // within qemu's own limit, so only the file's end stops it
    var image = patched(plain, "long-l1.qcow2", header -> header.putInt(36, 4 << 20));

    assertThatThrownBy(() -> open(image))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void a_huge_virtual_size_is_refused_quickly() throws Exception {
    var image =
        patched(plain, "huge-size.qcow2", header -> header.putLong(24, Long.MAX_VALUE - 4095));

    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () ->
            assertThatThrownBy(() -> open(image))
                .isInstanceOf(Qcow2Exception.class)
                .hasMessageContaining("too large"));
  }

  @Test
  void an_l1_table_too_small_for_the_virtual_size_is_refused() throws Exception {
    var image = patched(plain, "small-l1.qcow2", header -> header.putLong(24, 1L << 40));

    assertThatThrownBy(() -> open(image))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("too small");
  }

  @Test
  void an_l2_table_shared_by_every_l1_entry_is_refused_rather_than_expanded() throws Exception {
    var image = dir.resolve("shared-l2.qcow2");
    qemuImgOk("create", "-q", "-f", "qcow2", image, "64G");
    qemuIoOk("-c", "write -P 0x5a 0 64k", image);
    try (var file = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long l1Offset = readLong(file, 40);
      long firstEntry = readLong(file, l1Offset);
      var entries = ByteBuffer.allocate(127 * 8);
      while (entries.hasRemaining()) {
        entries.putLong(firstEntry);
      }
      file.write(entries.flip(), l1Offset + 8);
    }

    assertThatThrownBy(() -> open(image))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("more data than the file holds");
  }

  @Test
  void a_data_cluster_past_the_end_of_the_file_is_refused_as_truncated() throws Exception {
    var image = dir.resolve("far-cluster.qcow2");
    qemuImgOk("create", "-q", "-f", "qcow2", image, "8M");
    qemuIoOk("-c", "write -P 0x5a 0 64k", image);
    try (var file = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long l2Offset = readLong(file, readLong(file, 40)) & 0x00ff_ffff_ffff_fe00L;
      file.write(ByteBuffer.allocate(8).putLong(0, (1L << 40) | (1L << 63)), l2Offset);
    }

    assertThatThrownBy(() -> open(image))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void a_corrupt_compressed_cluster_is_refused() throws Exception {
    var image = convert("compressed-corrupt.qcow2", "-c");
    try (var file = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long l2Offset = readLong(file, readLong(file, 40)) & 0x00ff_ffff_ffff_fe00L;
      long entry = readLong(file, l2Offset);
      assertThat(entry & (1L << 62)).as("the first cluster is compressed").isNotZero();
      long hostOffset = entry & ((1L << 54) - 1);
      var garbage = new byte[64];
      Arrays.fill(garbage, (byte) 0xff);
      file.write(ByteBuffer.wrap(garbage), hostOffset);
    }

    assertThatThrownBy(() -> readAll(image, RAW_SIZE))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("corrupt");
  }

  @Test
  void an_encrypted_image_is_refused() throws Exception {
    var image = patched(plain, "encrypted.qcow2", header -> header.putInt(32, 2));

    assertThatThrownBy(() -> open(image))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("encrypted");
  }

  @ParameterizedTest(name = "incompatible feature bit {0}: {1}")
  @CsvSource({
    "1, marked corrupt",
    "2, external data",
    "3, compression types",
    "4, extended L2",
    "9, unknown incompatible"
  })
  void an_incompatible_feature_other_than_dirty_is_refused(int bit, String message)
      throws Exception {
    var image =
        patched(plain, "feature-" + bit + ".qcow2", header -> header.putLong(72, 1L << bit));

    assertThatThrownBy(() -> open(image))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "compression_type=zstd, compression types",
    "extended_l2=on, extended L2",
    "data_file=FILE, external data"
  })
  void an_unsupported_feature_made_by_qemu_img_is_refused(String option, String message)
      throws Exception {
    var name = option.substring(0, option.indexOf('='));
    var image = dir.resolve("feature-" + name + ".qcow2");
    qemuImgOk(
        "create",
        "-q",
        "-f",
        "qcow2",
        "-o",
        option.replace("FILE", dir.resolve(name + ".data").toString()),
        image,
        "8M");

    assertThatThrownBy(() -> open(image))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "version {0}")
  @CsvSource({"1", "4"})
  void a_version_other_than_2_or_3_is_refused(int version) throws Exception {
    var image =
        patched(plain, "version-" + version + ".qcow2", header -> header.putInt(4, version));

    assertThatThrownBy(() -> open(image))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("version " + version);
  }

  @ParameterizedTest(name = "cluster_bits {0}")
  @CsvSource({"8", "22", "-1"})
  void cluster_bits_outside_9_to_21_are_refused(int bits) throws Exception {
    var image =
        patched(plain, "cluster-bits-" + bits + ".qcow2", header -> header.putInt(20, bits));

    assertThatThrownBy(() -> open(image))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("cluster_bits");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "compressed 4 KiB clusters, -c -o cluster_size=4096",
    "version 2 512-byte clusters, '-o compat=0.10,cluster_size=512'"
  })
  void damaged_images_fail_only_with_qcow2_exception_and_quickly(String name, String options)
      throws Exception {
    // a small image, so hundreds of damaged copies are read in about a second
    var stem = name.replaceAll("[^a-z0-9]+", "-");
    var head = dir.resolve(stem + ".raw");
    Files.write(head, Arrays.copyOf(rawBytes, 2 * MIB));
    var image = dir.resolve(stem + ".qcow2");
    var args = new ArrayList<Object>(List.of("convert", "-f", "raw", "-O", "qcow2"));
    args.addAll(List.of(options.split(" ")));
    args.addAll(List.of(head, image));
    qemuImgOk(args.toArray());
    var original = Files.readAllBytes(image);
    var damaged = dir.resolve(stem + "-damaged.qcow2");
    var random = new Random(name.hashCode());
    int clusterSize = 1 << ByteBuffer.wrap(original).getInt(20);

    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          for (int i = 0; i < 200; i++) {
            var bytes = original.clone();
            for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
              // mostly the header and the first tables, where a wrong byte changes what everything
              // else means
              int limit =
                  switch (random.nextInt(3)) {
                    case 0 -> 112;
                    case 1 -> Math.min(bytes.length, 16 * clusterSize);
                    default -> bytes.length;
                  };
              bytes[random.nextInt(limit)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(10) == 0) {
              bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            Files.write(damaged, bytes);
            try {
              open(damaged);
            } catch (Qcow2Exception expected) {
              // refusing is fine; anything else escaping (or running out of memory or time) is not
            }
          }
        });
  }

  @Test
  void the_magic_is_recognised_in_the_first_bytes() {
    assertThat(Qcow2Reader.hasMagic(new byte[] {'Q', 'F', 'I', (byte) 0xfb, 0, 0, 0, 3})).isTrue();
  }

  @Test
  void raw_bytes_and_short_arrays_have_no_magic() {
    assertThat(Qcow2Reader.hasMagic(new byte[512])).isFalse();
    assertThat(Qcow2Reader.hasMagic(new byte[] {'Q', 'F', 'I'})).isFalse();
  }

  /**
   * Data, then zero writes that keep the host cluster (64k..192k) and that unmap it (512k..576k).
   */
  private static Path zeroClusterImage() {
    var image = dir.resolve("zero-clusters.qcow2");
    if (Files.exists(image)) {
      return image;
    }
    qemuImgOk("create", "-q", "-f", "qcow2", image, "8M");
    qemuIoOk(
        "-c",
        "write -P 0xab 0 1M",
        "-c",
        "write -z 64k 128k",
        "-c",
        "write -z -u 512k 64k",
        "-c",
        "write -P 0xcd 7M 4k",
        image);
    return image;
  }

  private static Path convert(String name, Object... options) {
    var image = dir.resolve(name);
    var args = new ArrayList<Object>(List.of("convert", "-f", "raw", "-O", "qcow2"));
    args.addAll(List.of(options));
    args.add(raw);
    args.add(image);
    qemuImgOk(args.toArray());
    return image;
  }

  private static byte[] readAll(Path image, long expectedSize) throws Exception {
    try (var channel = FileChannel.open(image);
        var reader = Qcow2Reader.open(channel)) {
      assertThat(reader.virtualSize()).isEqualTo(expectedSize);
      var content = new byte[Math.toIntExact(reader.virtualSize())];
      reader.forEachCluster(
          (offset, data) ->
              System.arraycopy(data, 0, content, Math.toIntExact(offset), data.length));
      return content;
    }
  }

  private static List<Long> visitedOffsets(Path image) throws Exception {
    var offsets = new ArrayList<Long>();
    try (var channel = FileChannel.open(image);
        var reader = Qcow2Reader.open(channel)) {
      reader.forEachCluster((offset, data) -> offsets.add(offset));
    }
    return offsets;
  }

  /** Opens and walks every cluster, the way an import does, keeping nothing. */
  private static void open(Path image) throws Exception {
    try (var channel = FileChannel.open(image);
        var reader = Qcow2Reader.open(channel)) {
      reader.forEachCluster((offset, data) -> {});
    }
  }

  private interface HeaderPatch {
    void apply(ByteBuffer header);
  }

  /** A copy of {@code source} whose first 512 bytes went through {@code patch}. */
  private static Path patched(Path source, String name, HeaderPatch patch) throws IOException {
    var copy = dir.resolve(name);
    Files.copy(source, copy);
    try (var file = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      var header = ByteBuffer.allocate(512);
      file.read(header, 0);
      patch.apply(header);
      file.write(header.clear(), 0);
    }
    return copy;
  }

  private static long readLong(FileChannel file, long position) throws IOException {
    var buffer = ByteBuffer.allocate(8);
    file.read(buffer, position);
    return buffer.getLong(0);
  }

  /**
   * Two bits of entropy a byte: qemu-img stores a cluster compressed only when that makes it
   * smaller.
   */
  private static byte[] compressibleBytes(Random random, int length) {
    var bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ('a' + random.nextInt(4));
    }
    return bytes;
  }

  private static byte[] randomBytes(Random random, int length) {
    var bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
