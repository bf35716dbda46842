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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decrypts LUKS-encrypted qcow2 files made by the real qemu-img ({@code encrypt.format=luks}) and
 * refuses the wrong passphrase, unsupported ciphers and hostile LUKS headers.
 */
class Qcow2LuksReaderTest {
  private static final int MIB = 1 << 20;
  private static final long RAW_SIZE = 6L * MIB + 3 * 512;
  private static final String PASSPHRASE = "correct horse battery staple";

  @TempDir static Path dir;
  private static Path raw;
  private static byte[] rawBytes;
  private static Path luks;

  @BeforeAll
  static void make_a_sparse_raw_disk_and_its_luks_qcow2() throws IOException {
    QemuImg.require();
    raw = dir.resolve("disk.raw");
    var random = new Random(19);
    try (var file = new RandomAccessFile(raw.toFile(), "rw")) {
      file.setLength(RAW_SIZE);
      // data in a few places, with holes between, so sparse clusters are skipped and the host
      // offsets of the written clusters differ from their guest offsets
      for (long at : new long[] {0, MIB + 4321, 3L * MIB, RAW_SIZE - 7000}) {
        var bytes = new byte[(int) Math.min(MIB / 2, RAW_SIZE - at)];
        random.nextBytes(bytes);
        file.seek(at);
        file.write(bytes);
      }
    }
    rawBytes = Files.readAllBytes(raw);
    luks = encrypt("default.qcow2", PASSPHRASE);
  }

  /** qemu-img convert of the raw disk into a LUKS qcow2; 10 ms of PBKDF2 keeps the tests fast. */
  private static Path encrypt(String name, String passphrase, String... options) {
    var image = dir.resolve(name);
    var o = new StringBuilder("encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=10");
    for (var option : options) {
      o.append(',').append(option);
    }
    qemuImgOk(
        "convert",
        "-O",
        "qcow2",
        "--object",
        "secret,id=sec0,data=" + passphrase,
        "-o",
        o.toString(),
        raw,
        image);
    return image;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "",
        "cluster_size=4096",
        "encrypt.cipher-alg=aes-128,encrypt.hash-alg=sha512",
        "compat=0.10"
      })
  // each qemu-img run spends about a second timing PBKDF2 whatever its iter-time, so the variants
  // are few: a small cluster size, the other key size and hash, and a version 2 header
  void a_luks_qcow2_made_by_qemu_img_decrypts_to_the_raw_disk(String option) throws Exception {
    var image =
        option.isEmpty()
            ? luks
            : encrypt(option.replaceAll("[^a-z0-9]", "") + ".qcow2", PASSPHRASE, option);

    var content = readAll(image, PASSPHRASE.getBytes(StandardCharsets.UTF_8));

    assertThat(Arrays.mismatch(content, rawBytes)).as("first differing byte").isEqualTo(-1);
  }

  @Test
  void clusters_written_out_of_guest_order_decrypt_by_their_place_in_the_file() throws Exception {
    // qemu-io allocates host clusters in the order of the writes, so the last guest cluster comes
    // first in the file: only the host offset as the IV decrypts both
    var image = dir.resolve("reversed.qcow2");
    qemuImgOk(
        "create",
        "-f",
        "qcow2",
        "--object",
        "secret,id=sec0,data=" + PASSPHRASE,
        "-o",
        "encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=10",
        image,
        "4M");
    var opts = "driver=qcow2,file.filename=" + image + ",encrypt.key-secret=sec0";
    qemuIoOk(
        "--object",
        "secret,id=sec0,data=" + PASSPHRASE,
        "--image-opts",
        "-c",
        "write -P 0xa5 3M 64k",
        "-c",
        "write -P 0x5a 0 64k",
        opts);
    var expected = new byte[4 * MIB];
    Arrays.fill(expected, 3 * MIB, 3 * MIB + 65536, (byte) 0xa5);
    Arrays.fill(expected, 0, 65536, (byte) 0x5a);

    var content = readAll(image, PASSPHRASE.getBytes(StandardCharsets.UTF_8));

    assertThat(Arrays.mismatch(content, expected)).as("first differing byte").isEqualTo(-1);
  }

  @Test
  void holes_of_an_encrypted_image_are_not_visited() throws Exception {
    var visited = new ArrayList<Long>();
    try (var channel = FileChannel.open(luks);
        var reader = Qcow2Reader.open(channel, PASSPHRASE.getBytes(StandardCharsets.UTF_8))) {
      assertThat(reader.encrypted()).isTrue();
      reader.forEachCluster((offset, data) -> visited.add(offset));
    }

    // 64 KiB clusters: 0, around 1 MiB, 3 MiB and the tail hold data; 2 MiB to 3 MiB is a hole
    assertThat(visited).noneMatch(o -> o >= 2L * MIB && o < 3L * MIB);
    assertThat(visited).contains(0L, 3L * MIB);
  }

  @Test
  void a_wrong_passphrase_is_refused_as_a_key_problem() {
    assertThatThrownBy(() -> readAll(luks, "hunter2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Qcow2KeyException.class)
        .hasMessageContaining("opens none of the file's 1 LUKS key slot");
  }

  @Test
  void an_encrypted_image_without_a_passphrase_is_refused() throws Exception {
    try (var channel = FileChannel.open(luks)) {
      assertThatThrownBy(() -> Qcow2Reader.open(channel, null))
          .isInstanceOf(Qcow2KeyException.class)
          .hasMessageContaining("LUKS-encrypted");
      assertThatThrownBy(() -> Qcow2Reader.open(channel))
          .isInstanceOf(Qcow2Exception.class)
          .hasMessageContaining("LUKS-encrypted");
    }
  }

  @Test
  void a_plain_image_opened_with_a_passphrase_says_it_is_not_encrypted() throws Exception {
    var plain = dir.resolve("plain.qcow2");
    qemuImgOk("convert", "-O", "qcow2", raw, plain);
    try (var channel = FileChannel.open(plain);
        var reader = Qcow2Reader.open(channel, new byte[] {1})) {
      assertThat(reader.encrypted()).isFalse();
    }
  }

  @Test
  void a_cipher_mode_other_than_xts_plain64_is_refused_by_name() throws Exception {
    // the mode qemu-img writes for encrypt.cipher-mode=cbc,encrypt.ivgen-alg=essiv
    var mode = new byte[32];
    var name = "cbc-essiv:sha256".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, mode, 0, name.length);
    var image = copyWithLuksBytes("cbc.qcow2", 40, mode);

    assertThatThrownBy(() -> readAll(image, PASSPHRASE.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("LUKS cipher mode cbc-essiv:sha256 is not supported");
  }

  @Test
  void qemu_s_old_aes_encryption_is_refused_by_its_crypt_method() throws Exception {
    var plain = dir.resolve("old-aes.qcow2");
    qemuImgOk("convert", "-O", "qcow2", raw, plain);
    try (var channel = FileChannel.open(plain, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(4).putInt(0, 1), 32);
    }

    assertThatThrownBy(() -> readAll(plain, PASSPHRASE.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("crypt_method 1 is not supported (only 2, LUKS");
  }

  @Test
  void a_huge_iteration_count_is_refused_before_any_pbkdf2() throws Exception {
    var image = copyWithLuksInt("iterations.qcow2", 208 + 4, 0x7fff_ffff);

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(() -> readAll(image, PASSPHRASE.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Qcow2Exception.class)
                .hasMessageContaining("key slot 0 asks for 2147483647 PBKDF2 iterations"));
  }

  @Test
  void slots_that_together_ask_for_too_many_iterations_are_refused_before_any_pbkdf2()
      throws Exception {
    // each slot alone is within bounds; slot 1, inactive as qemu-img wrote it, is made active
    var image = copyWithLuksInt("two-slots.qcow2", 208 + 4, 30_000_000);
    patch(image, 208 + 48, LuksHeader.ACTIVE);
    patch(image, 208 + 48 + 4, 30_000_000);

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(() -> readAll(image, PASSPHRASE.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Qcow2Exception.class)
                .hasMessageContaining("PBKDF2 iterations over its key slots; at most 50000000"));
  }

  @Test
  void a_huge_stripe_count_is_refused_before_anything_is_allocated() throws Exception {
    var image = copyWithLuksInt("stripes.qcow2", 208 + 44, 0x7fff_ffff);

    assertThatThrownBy(() -> readAll(image, PASSPHRASE.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("key slot 0 has 2147483647 stripes");
  }

  @Test
  void a_key_slot_pointing_past_the_encryption_header_is_refused() throws Exception {
    var image = copyWithLuksInt("slot-offset.qcow2", 208 + 40, 0x0100_0000);

    assertThatThrownBy(() -> readAll(image, PASSPHRASE.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Qcow2Exception.class)
        .hasMessageContaining("lies outside the encryption header's area");
  }

  @Test
  void aes_xts_matches_the_ieee_1619_test_vectors() {
    // IEEE 1619-2007 vectors 1 and 2: one 32-byte data unit each, padded to a sector here with
    // zeros (XTS blocks are independent but for the tweak, so the first 32 bytes are unaffected)
    var one = new byte[512];
    new AesXts(new byte[32]).encrypt(one, 0, 512, 0);
    assertThat(hex(one, 32))
        .isEqualTo("917cf69ebd68b2ec9b9fe9a3eadda692cd43d2f59598ed858c02c2652fbf922e");

    var key = new byte[32];
    Arrays.fill(key, 0, 16, (byte) 0x11);
    Arrays.fill(key, 16, 32, (byte) 0x22);
    var two = new byte[512];
    Arrays.fill(two, 0, 32, (byte) 0x44);
    new AesXts(key).encrypt(two, 0, 512, 0x3333333333L);
    assertThat(hex(two, 32))
        .isEqualTo("c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0");

    new AesXts(key).decrypt(two, 0, 512, 0x3333333333L);
    var expected = new byte[512];
    Arrays.fill(expected, 0, 32, (byte) 0x44);
    assertThat(two).isEqualTo(expected);
  }

  /** A copy of the default image with a 32-bit field of its LUKS header replaced. */
  private static Path copyWithLuksInt(String name, int fieldOffset, int value) throws Exception {
    return copyWithLuksBytes(name, fieldOffset, ByteBuffer.allocate(4).putInt(0, value).array());
  }

  /** A copy of the default image with bytes of its LUKS header replaced. */
  private static Path copyWithLuksBytes(String name, int fieldOffset, byte[] bytes)
      throws Exception {
    var copy = dir.resolve(name);
    Files.copy(luks, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    patch(copy, fieldOffset, bytes);
    return copy;
  }

  private static void patch(Path copy, int fieldOffset, int value) throws Exception {
    patch(copy, fieldOffset, ByteBuffer.allocate(4).putInt(0, value).array());
  }

  /** Replaces bytes of the LUKS header of {@code copy}. */
  private static void patch(Path copy, int fieldOffset, byte[] bytes) throws Exception {
    long area;
    try (var channel = FileChannel.open(copy)) {
      area =
          Qcow2Luks.area(new Qcow2File(channel), Qcow2Header.read(new Qcow2File(channel))).offset();
    }
    try (var channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes), area + fieldOffset);
    }
  }

  private static byte[] readAll(Path image, byte[] passphrase) throws Exception {
    try (var channel = FileChannel.open(image);
        var reader = Qcow2Reader.open(channel, passphrase)) {
      var content = new byte[Math.toIntExact(reader.virtualSize())];
      reader.forEachCluster(
          (offset, data) -> System.arraycopy(data, 0, content, (int) offset, data.length));
      return Arrays.copyOf(content, (int) Math.min(content.length, RAW_SIZE));
    }
  }

  private static String hex(byte[] bytes, int length) {
    var out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(String.format("%02x", bytes[i]));
    }
    return out.toString();
  }
}
