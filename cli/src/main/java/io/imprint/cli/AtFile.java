package io.imprint.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/** Option values given as {@code @FILE}, as IBM's CLI takes them: the file's content instead. */
final class AtFile {
  private AtFile() {}

  /**
   * {@code value} itself, or the content of the file it names as {@code @FILE}; a file that cannot
   * be read fails through {@code failure}, with the option and the reason in the message.
   */
  static String read(String option, String value, Function<String, RuntimeException> failure) {
    if (!value.startsWith("@")) {
      return value;
    }
    var file = Path.of(value.substring(1));
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw failure.apply(option + " " + value + ": there is no file " + file);
    } catch (IOException e) {
      throw failure.apply(option + " " + value + ": cannot read " + file + ": " + e);
    }
  }
}
