package io.imprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Table output compared with files under {@code src/test/resources/golden}. What differs from run
 * to run is replaced by placeholders of the same length, so that column alignment is still checked:
 * the server's URL, IDs (numbered in order of appearance), 32-digit resource group ids, and times.
 * Run with {@code -Dgolden.update=true} to rewrite the files after an intended change, then read
 * the diff.
 */
final class Golden {
  private static final Pattern UUID_ID =
      Pattern.compile(
          "\\b(r\\d{3}-|\\d{4}[-_])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\b");
  private static final Pattern HEX32 = Pattern.compile("\\b[0-9a-f]{32}\\b");
  private static final Pattern TIME =
      Pattern.compile(
          "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:\\d\\d)");
  private static final Path DIR = Path.of("src/test/resources/golden");

  private final String url;
  private final Map<String, String> ids = new HashMap<>();
  private final Map<String, String> groups = new HashMap<>();

  Golden(String url) {
    this.url = url;
  }

  String normalize(String text) {
    var out =
        text.replace(
            url,
            "http://imprint.test"
                + "_".repeat(Math.max(0, url.length() - "http://imprint.test".length())));
    out =
        replaceAll(
            UUID_ID,
            out,
            m ->
                m.group(1)
                    + ids.computeIfAbsent(
                        m.group(2),
                        k -> String.format("00000000-0000-4000-8000-%012d", ids.size() + 1)));
    out =
        replaceAll(
            HEX32,
            out,
            m -> groups.computeIfAbsent(m.group(), k -> String.format("%032d", groups.size() + 1)));
    return replaceAll(TIME, out, m -> "T".repeat(m.group().length()));
  }

  void assertMatches(String name, String actual) {
    var normalized = normalize(actual);
    var file = DIR.resolve(name + ".txt");
    try {
      if (Boolean.getBoolean("golden.update") || !Files.exists(file)) {
        Files.createDirectories(DIR);
        Files.writeString(file, normalized, StandardCharsets.UTF_8);
        if (!Boolean.getBoolean("golden.update")) {
          throw new AssertionError(
              "no golden file "
                  + file
                  + " yet: written now from this run; read it, then commit it");
        }
      }
      assertThat(normalized)
          .as("output against " + file)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String replaceAll(
      Pattern pattern, String text, java.util.function.Function<Matcher, String> replacement) {
    var m = pattern.matcher(text);
    var sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement.apply(m)));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
