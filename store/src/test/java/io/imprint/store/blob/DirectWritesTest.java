package io.imprint.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.nio.file.ExtendedOpenOption;
import io.imprint.store.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blob files written past the page cache: the same bytes as a buffered write would leave, whatever
 * the length, and the same private file.
 */
class DirectWritesTest {
  @TempDir Path dir;

  @Test
  void a_blob_of_whole_slices_whole_blocks_and_a_partial_block_is_written_byte_for_byte()
      throws IOException {
    assumeTrue(takesDirectWrites(dir), "the temporary directory's file system has no O_DIRECT");
    var bytes = random(2 * DirectWrites.SLICE + 3 * 4096 + 31);
    var file = dir.resolve("blob.tmp");

    boolean direct = new DirectWrites(dir).write(file, bytes, bytes.length);

    assertThat(direct).isTrue();
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void only_the_given_length_of_a_larger_buffer_is_written() throws IOException {
    assumeTrue(takesDirectWrites(dir), "the temporary directory's file system has no O_DIRECT");
    var bytes = random(DirectWrites.SLICE + 100);
    var file = dir.resolve("blob.tmp");

    new DirectWrites(dir).write(file, bytes, 8192);

    assertThat(Files.readAllBytes(file)).isEqualTo(Arrays.copyOf(bytes, 8192));
  }

  @Test
  void a_file_written_again_holds_only_its_new_bytes() throws IOException {
    assumeTrue(takesDirectWrites(dir), "the temporary directory's file system has no O_DIRECT");
    var writes = new DirectWrites(dir);
    var file = dir.resolve("blob.tmp");
    writes.write(file, random(3 * 4096 + 5), 3 * 4096 + 5);
    var second = random(4096 + 1);

    writes.write(file, second, second.length);

    assertThat(Files.readAllBytes(file)).isEqualTo(second);
  }

  @Test
  void the_file_is_readable_by_the_server_s_user_only() throws IOException {
    assumeTrue(takesDirectWrites(dir), "the temporary directory's file system has no O_DIRECT");
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    var file = dir.resolve("blob.tmp");

    new DirectWrites(dir).write(file, random(8192), 8192);

    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PrivateFiles.FILE);
  }

  @Test
  void with_direct_writes_turned_off_every_blob_is_left_to_the_page_cache() throws IOException {
    var file = dir.resolve("blob.tmp");

    boolean direct = new DirectWrites(dir, false).write(file, random(3 * 4096), 3 * 4096);

    assertThat(direct).isFalse();
    assertThat(file).doesNotExist();
  }

  @Test
  void a_blob_shorter_than_a_block_is_left_to_a_write_through_the_page_cache() throws IOException {
    var file = dir.resolve("blob.tmp");

    boolean direct = new DirectWrites(dir).write(file, random(1000), 1000);

    assertThat(direct).isFalse();
    assertThat(file).doesNotExist();
  }

  private static boolean takesDirectWrites(Path dir) {
    var probe = dir.resolve("probe");
    try (var channel =
        FileChannel.open(
            probe,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            ExtendedOpenOption.DIRECT)) {
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException e) {
        // the temporary directory goes anyway
      }
    }
  }

  private static byte[] random(int length) {
    var bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
