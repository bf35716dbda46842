package io.imprint.core.app.image;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;

/**
 * Where an import may read from: a regular file under the configured import directory, named by a
 * {@code file://} href, reached without following any link, and still the same file when its job
 * opens it.
 *
 * <p>Why so strict: the import directory is where users drop files, and the server reads as its own
 * user. A link there to {@code master.key} or {@code /etc/passwd} would export the target as an
 * image's content, and a FIFO would block the job's worker forever on open. The request is checked
 * when it comes ({@link #accept}: a 400 and nothing created), and again by the job ({@link #open}),
 * which refuses a file that was swapped since: a different file, a link or no longer regular. What
 * is left is the moment between the job's check and its open, microseconds, which Java cannot close
 * (it has no {@code openat} or {@code O_NONBLOCK} open); see docs/guarantees.md.
 */
final class ImportFiles {
  /** File systems whose "files" are the kernel's views, never image files. */
  private static final Set<String> VIRTUAL_FILE_SYSTEMS =
      Set.of("proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "debugfs", "securityfs");

  private final Path importDir;

  ImportFiles(Path importDir) {
    this.importDir = importDir.toAbsolutePath().normalize();
  }

  /** The file {@code href} names, checked as an import source, as the import job will read it. */
  ImportPayload accept(String href) {
    var path = path(href);
    BasicFileAttributes attributes;
    try {
      attributes = check(path);
    } catch (NoSuchFileException e) {
      throw ApiException.referenceNotFound("Image file", "file.href", href);
    } catch (IOException e) {
      throw refused(href, "it cannot be read: " + e.getMessage());
    } catch (Refused e) {
      throw refused(href, e.getMessage());
    }
    if (!Files.isReadable(path)) {
      throw ApiException.referenceNotFound("Image file", "file.href", href);
    }
    return new ImportPayload(path, attributes.size(), key(attributes));
  }

  /**
   * Opens the file an import was accepted for, if it is still that file: the same regular file
   * under the import directory, reached without a link, of the same size. Otherwise an {@link
   * IOException} says what changed, and the import fails with it.
   */
  FileChannel open(ImportPayload payload) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = check(payload.file());
    } catch (Refused e) {
      throw new IOException(
          "the import file was changed after the import was accepted: " + e.getMessage());
    }
    if (payload.size() >= 0 && attributes.size() != payload.size()) {
      throw new IOException(
          "the import file was changed after the import was accepted: it had "
              + payload.size()
              + " bytes and has "
              + attributes.size());
    }
    if (!payload.fileKey().isEmpty() && !payload.fileKey().equals(key(attributes))) {
      throw new IOException(
          "the import file was replaced by another file after the import was accepted");
    }
    return FileChannel.open(payload.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }

  /** The absolute path of a {@code file://} href under the import directory, as written. */
  private Path path(String href) {
    if (href == null || !href.startsWith("file://")) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "file.href",
          href,
          "file.href must be a file:// URL of a qcow2 or raw file under the import directory "
              + importDir
              + ".");
    }
    Path path;
    try {
      var uri = new URI(href);
      if (uri.getRawQuery() != null
          || uri.getRawFragment() != null
          || (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty())) {
        throw refused(href, "a file:// URL here has no host, query or fragment.");
      }
      path = Path.of(uri);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE, "file.href", href, "file.href is not a valid file:// URL.");
    }
    for (var part : path) {
      if (part.toString().equals("..") || part.toString().equals(".")) {
        throw refused(href, "its path has a . or .. segment; give the file's plain path.");
      }
    }
    if (!path.startsWith(importDir) || path.equals(importDir)) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "file.href",
          href,
          "Imports are read only from the import directory "
              + importDir
              + "; copy the file there first.");
    }
    return path;
  }

  /**
   * The attributes of {@code path}, a regular file reached from the import directory through no
   * link, on a file system of real files.
   */
  private BasicFileAttributes check(Path path) throws IOException {
    var realDir = importDir.toRealPath();
    var step = importDir;
    for (var part : importDir.relativize(path)) {
      step = step.resolve(part);
      if (Files.isSymbolicLink(step)) {
        throw new Refused(
            importDir.relativize(step) + " is a symbolic link; imports do not follow links.");
      }
    }
    var attributes =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new Refused(
          "it is "
              + (attributes.isDirectory()
                  ? "a directory"
                  : attributes.isSymbolicLink()
                      ? "a symbolic link"
                      : "not a regular file (a FIFO, socket or device)")
              + "; an import reads a regular qcow2 or raw file.");
    }
    if (!path.toRealPath().startsWith(realDir)) {
      throw new Refused("it is not inside the import directory once its links are resolved.");
    }
    var fileSystem = Files.getFileStore(path).type();
    if (VIRTUAL_FILE_SYSTEMS.contains(fileSystem)) {
      throw new Refused("it is on the kernel's " + fileSystem + " file system.");
    }
    return attributes;
  }

  private static String key(BasicFileAttributes attributes) {
    return Objects.toString(attributes.fileKey(), "");
  }

  private static ApiException refused(String href, String why) {
    return ApiException.invalid(
        ErrorCode.INVALID_VALUE, "file.href", href, "file.href cannot be imported: " + why);
  }

  /** A file that is no import source, and why. */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }
}
