package io.imprint.core.app.image;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an import may read from: a {@code file://} href under the configured import directory,
 * nothing else.
 */
final class ImportFiles {
  private final Path importDir;

  ImportFiles(Path importDir) {
    this.importDir = importDir.toAbsolutePath().normalize();
  }

  Path resolve(String href) {
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
      path = Path.of(URI.create(href)).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE, "file.href", href, "file.href is not a valid file:// URL.");
    }
    if (!path.startsWith(importDir)) {
      throw ApiException.invalid(
          ErrorCode.INVALID_VALUE,
          "file.href",
          href,
          "Imports are read only from the import directory "
              + importDir
              + "; copy the file there first.");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw ApiException.referenceNotFound("Image file", "file.href", href);
    }
    return path;
  }
}
