package io.imprint.store.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.imprint.core.port.BlobStore;
import io.imprint.core.port.BlobStore.Blob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blob store contract on a local directory, and what the directory itself must look like: no
 * file left behind by a staged blob that is deleted or abandoned, nothing but blobs reported, and
 * no id that reaches outside the directory.
 */
class LocalBlobStoreContractTest extends BlobStoreContractTest {
  @TempDir Path dir;

  @Override
  protected BlobStore openStore() {
    return new LocalBlobStore(root());
  }

  Path root() {
    return dir.resolve("blobs");
  }

  @Test
  void a_deleted_staged_blob_leaves_no_file_behind() throws IOException {
    var blob = new Blob(newId(), bytes(1000, 1), 1000);
    store.stage(blob);
    assertThat(files()).hasSize(1);

    store.delete(blob.id());

    assertThat(files()).isEmpty();
  }

  @Test
  void a_reopen_removes_the_files_of_blobs_staged_and_never_published() throws IOException {
    var kept = newId();
    store.put(kept, bytes(10, 2));
    store.stage(new Blob(newId(), bytes(1000, 3), 1000));
    assertThat(files()).hasSize(2);

    store = openStore();

    assertThat(files()).containsExactly(root().resolve(kept.substring(0, 2)).resolve(kept));
  }

  @Test
  void files_that_are_not_blobs_are_not_reported() throws IOException {
    var id = newId();
    store.put(id, bytes(10, 4));
    Files.writeString(root().resolve("README"), "not a blob");
    Files.writeString(root().resolve(id.substring(0, 2)).resolve("notes.txt"), "not a blob");

    assertThat(ids()).containsExactly(id);
  }

  @Test
  void an_id_that_names_a_path_outside_the_directory_is_refused() throws IOException {
    Files.writeString(dir.resolve("secret"), "outside");

    for (var id : List.of("../secret", "ab/../../secret", "/etc/passwd", "..")) {
      assertThatThrownBy(() -> store.get(id)).as(id).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.put(id, new byte[1]))
          .as(id)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.delete(id))
          .as(id)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(dir.resolve("secret")).hasContent("outside");
  }

  private List<Path> files() throws IOException {
    try (var walk = Files.walk(root())) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
