package io.imprint.core.app.disk.qcow2;

import static io.imprint.core.app.disk.qcow2.QemuImg.qemuImg;
import static io.imprint.core.app.disk.qcow2.QemuImg.qemuImgOk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LUKS-encrypted qcow2 download ({@link Qcow2Writer} with a {@link Qcow2Encryption}) is opened by
 * qemu-img with its passphrase and gives the disk's bytes, and is unreadable without it.
 */
class Qcow2EncryptedWriterTest {
  private static final int CHUNK = 4 << 20;
  private static final long MIB = 1 << 20;
  // ends 4608 bytes into a cluster of its last chunk, so the last cluster is padded
  private static final long SIZE = 13 * MIB + 4608;
  private static final SortedSet<Long> CHUNKS = new TreeSet<>(java.util.List.of(0L, 2L, 3L));

  @TempDir static Path dir;
  private static Path qcow2;
  private static Path raw;
  private static Qcow2Encryption encryption;

  @BeforeAll
  static void write_an_encrypted_image_and_its_raw_twin() throws IOException {
    QemuImg.require();
    encryption = Qcow2Encryption.create(new SecureRandom());
    qcow2 = dir.resolve("encrypted.qcow2");
    try (var out = new BufferedOutputStream(Files.newOutputStream(qcow2), 1 << 16)) {
      Qcow2Writer.write(out, SIZE, CHUNK, CHUNKS, Qcow2EncryptedWriterTest::chunk, encryption);
    }
    var bytes = new byte[(int) SIZE];
    for (long index : CHUNKS) {
      var chunk = chunk(index);
      System.arraycopy(chunk, 0, bytes, (int) (index * CHUNK), chunk.length);
    }
    raw = dir.resolve("expected.raw");
    Files.write(raw, bytes);
  }

  @Test
  void the_size_is_known_before_writing() throws IOException {
    assertThat(Qcow2Writer.size(SIZE, CHUNK, CHUNKS, true)).isEqualTo(Files.size(qcow2));
  }

  @Test
  void qemu_img_decrypts_it_with_the_passphrase_to_the_disk_bytes() throws IOException {
    var out = dir.resolve("decrypted.raw");
    qemuImgOk(
        "convert",
        "--object",
        secret(),
        "--image-opts",
        "driver=qcow2,file.filename=" + qcow2 + ",encrypt.key-secret=sec0",
        "-O",
        "raw",
        out);

    assertThat(Files.mismatch(out, raw)).isEqualTo(-1);
  }

  @Test
  void qemu_img_check_finds_no_errors_and_info_shows_luks() {
    var opts = "driver=qcow2,file.filename=" + qcow2 + ",encrypt.key-secret=sec0";
    var check = qemuImg("check", "--object", secret(), "--image-opts", opts);
    assertThat(check.exitCode()).as(check.output()).isZero();

    var info = qemuImg("info", qcow2);
    assertThat(info.output())
        .contains("encrypted: yes")
        .contains("format: luks")
        .contains("cipher alg: aes-256")
        .contains("cipher mode: xts");
  }

  @Test
  void qemu_img_refuses_a_wrong_passphrase() {
    var wrong =
        "secret,id=sec0,format=base64,data="
            + Base64.getEncoder().encodeToString("not it".getBytes());
    var result =
        qemuImg(
            "convert",
            "--object",
            wrong,
            "--image-opts",
            "driver=qcow2,file.filename=" + qcow2 + ",encrypt.key-secret=sec0",
            "-O",
            "raw",
            dir.resolve("wrong.raw"));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).containsIgnoringCase("Invalid password");
  }

  @Test
  void our_reader_decrypts_it_with_the_passphrase() throws Exception {
    var content = new byte[(int) SIZE];
    try (var channel = FileChannel.open(qcow2);
        var reader = Qcow2Reader.open(channel, encryption.passphrase())) {
      assertThat(reader.encrypted()).isTrue();
      reader.forEachCluster(
          (offset, data) -> System.arraycopy(data, 0, content, (int) offset, data.length));
    }

    assertThat(Arrays.mismatch(content, Files.readAllBytes(raw))).isEqualTo(-1);
  }

  @Test
  void no_chunk_is_stored_in_the_clear() throws IOException {
    var file = Files.readAllBytes(qcow2);
    var first = chunk(0);
    var probe = Arrays.copyOfRange(first, 4096, 4096 + 64);

    assertThat(indexOf(file, probe)).isEqualTo(-1);
  }

  private static String secret() {
    // base64 of the passphrase: what Key Protect's unwrap answers as plaintext
    return "secret,id=sec0,format=base64,data="
        + Base64.getEncoder().encodeToString(encryption.passphrase());
  }

  private static byte[] chunk(long index) {
    var bytes = new byte[(int) Math.min(CHUNK, SIZE - index * CHUNK)];
    new Random(index).nextBytes(bytes);
    return bytes;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
