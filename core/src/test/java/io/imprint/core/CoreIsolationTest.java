package io.imprint.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** core knows nothing of HTTP, SQL or JSON: adapters live in store and server. */
class CoreIsolationTest {
  private static final Pattern FORBIDDEN =
      Pattern.compile("^import (static )?(io\\.javalin|com\\.fasterxml|java\\.sql|javax\\.sql|org\\.flywaydb|com\\.zaxxer|java\\.net\\.http|software\\.amazon)\\.", Pattern.MULTILINE);
  private static final Pattern NOW = Pattern.compile("Instant\\.now\\(\\)|System\\.currentTimeMillis\\(\\)|LocalDate\\.now\\(\\)");

  @Test
  void core_sources_import_no_http_sql_or_json_and_never_read_the_wall_clock() throws IOException {
    var root = Path.of("src/main/java");
    try (var files = Files.walk(root)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
        try {
          var source = Files.readString(p);
          assertThat(FORBIDDEN.matcher(source).find()).as(p + " imports an adapter type").isFalse();
          assertThat(NOW.matcher(source).find()).as(p + " reads the wall clock instead of the injected clock").isFalse();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
    }
  }
}
