package io.imprint.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories (0700) and files (0600) that only the server's user may open, whatever the umask it
 * was started with: the data dir holds the master key, the database and every disk's blobs. Where
 * the file system has no POSIX permissions (Windows), the platform's defaults stand.
 */
public final class PrivateFiles {
  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /**
   * The attribute that creates a file 0600 (the umask can only take bits away), for the file
   * systems that have POSIX permissions.
   */
  public static FileAttribute<?>[] newFile(Path where) {
    return posix(where)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  /**
   * Creates {@code dir} and its missing parents 0700 (parents that exist keep their modes), and
   * sets {@code dir} itself to 0700 if it existed.
   */
  public static Path directory(Path dir) throws IOException {
    var absolute = dir.toAbsolutePath();
    createMissing(absolute);
    restrict(absolute, DIRECTORY);
    return absolute;
  }

  /** Sets an existing file to 0600. */
  public static void file(Path file) throws IOException {
    restrict(file, FILE);
  }

  private static void createMissing(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (dir.getParent() != null) {
      createMissing(dir.getParent());
    }
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      // made by another thread meanwhile
    }
    restrict(dir, DIRECTORY);
  }

  private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
    if (posix(path) && !Files.getPosixFilePermissions(path).equals(permissions)) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
