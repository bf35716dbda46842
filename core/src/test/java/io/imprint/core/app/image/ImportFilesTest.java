package io.imprint.core.app.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an import may read: a regular file under the import directory reached through no link, and
 * at the job's open still the file the request named.
 */
class ImportFilesTest {
  @TempDir Path root;
  Path importDir;
  Path secret;
  ImportFiles files;

  @BeforeEach
  void setUp() throws IOException {
    importDir = Files.createDirectory(root.resolve("import"));
    secret = Files.write(root.resolve("master.key"), new byte[32]);
    files = new ImportFiles(importDir);
  }

  @Test
  void a_regular_file_in_the_import_directory_is_accepted_and_opens() throws IOException {
    var file = Files.write(importDir.resolve("disk.img"), new byte[] {1, 2, 3});

    var payload = files.accept(file.toUri().toString());

    assertThat(payload.file()).isEqualTo(file);
    assertThat(payload.size()).isEqualTo(3);
    try (var channel = files.open(payload)) {
      var read = ByteBuffer.allocate(3);
      channel.read(read);
      assertThat(read.array()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void a_file_in_a_subdirectory_is_accepted() throws IOException {
    var file =
        Files.write(Files.createDirectory(importDir.resolve("os")).resolve("a.img"), new byte[1]);
    assertThat(files.accept(file.toUri().toString()).file()).isEqualTo(file);
  }

  @Test
  void a_symbolic_link_to_a_file_outside_is_refused() throws IOException {
    var link = Files.createSymbolicLink(importDir.resolve("key.img"), secret);
    assertRefused(link.toUri().toString(), "symbolic link");
  }

  @Test
  void a_symbolic_link_to_a_file_inside_is_refused_too() throws IOException {
    var real = Files.write(importDir.resolve("real.img"), new byte[1]);
    var link = Files.createSymbolicLink(importDir.resolve("alias.img"), real);
    assertRefused(link.toUri().toString(), "symbolic link");
  }

  @Test
  void a_file_under_a_symbolically_linked_directory_is_refused() throws IOException {
    Files.createSymbolicLink(importDir.resolve("up"), root);
    assertRefused(
        importDir.resolve("up").resolve("master.key").toUri().toString(), "up is a symbolic link");
  }

  @Test
  void a_path_with_dot_dot_is_refused_even_when_it_comes_back_inside() throws IOException {
    Files.write(importDir.resolve("disk.img"), new byte[1]);
    assertRefused("file://" + importDir + "/../import/disk.img", "..");
    assertRefused("file://" + importDir + "/../master.key", "..");
  }

  @Test
  void a_directory_a_fifo_and_a_device_are_refused() throws Exception {
    Files.createDirectory(importDir.resolve("dir.img"));
    assertRefused(importDir.resolve("dir.img").toUri().toString(), "a directory");
    var fifo = importDir.resolve("pipe.img");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    assertRefused(fifo.toUri().toString(), "FIFO");
    assertRefused("file:///dev/zero", "import directory");
  }

  @Test
  void a_url_with_a_host_query_or_fragment_is_refused() throws IOException {
    var file = Files.write(importDir.resolve("disk.img"), new byte[1]);
    assertRefused("file://server" + file, "host");
    assertRefused(file.toUri() + "?x=1", "query");
    assertRefused(file.toUri() + "#top", "fragment");
  }

  @Test
  void a_missing_file_is_a_reference_not_found() {
    assertThatThrownBy(() -> files.accept(importDir.resolve("none.img").toUri().toString()))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFERENCE_NOT_FOUND));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void a_file_swapped_for_a_fifo_after_it_was_accepted_fails_the_job_instead_of_blocking_it()
      throws Exception {
    var file = Files.write(importDir.resolve("disk.img"), new byte[4096]);
    var payload = files.accept(file.toUri().toString());
    Files.delete(file);
    assertThat(new ProcessBuilder("mkfifo", file.toString()).start().waitFor()).isZero();

    assertThatThrownBy(() -> files.open(payload))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("changed after the import was accepted")
        .hasMessageContaining("FIFO");
  }

  @Test
  void a_file_swapped_for_a_link_or_another_file_after_it_was_accepted_is_not_opened()
      throws Exception {
    var file = Files.write(importDir.resolve("disk.img"), new byte[32]);
    var payload = files.accept(file.toUri().toString());

    // written aside and moved over it, so that the new file cannot reuse the old one's inode
    var other = Files.write(importDir.resolve("other.img"), new byte[32]);
    Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> files.open(payload)).hasMessageContaining("replaced by another file");

    Files.write(file, new byte[33]);
    assertThatThrownBy(() -> files.open(payload)).hasMessageContaining("has 33");

    Files.delete(file);
    Files.createSymbolicLink(file, secret);
    assertThatThrownBy(() -> files.open(payload)).hasMessageContaining("symbolic link");
  }

  private void assertRefused(String href, String why) {
    assertThatThrownBy(() -> files.accept(href))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE);
              assertThat(e.target().name()).isEqualTo("file.href");
            })
        .hasMessageContaining(why);
  }
}
