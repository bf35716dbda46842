package io.imprint.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of {@code core}: it knows nothing of HTTP, SQL or JSON, its three layers point one way
 * (domain ← port ← application), its packages form no cycle, and each says what it holds. Type
 * references are read from imports and from fully-qualified names written inline alike, so a name
 * spelled out in the code cannot dodge a rule.
 */
class CoreIsolationTest {
  private static final String CORE = "io.imprint.core";
  private static final Pattern ADAPTERS =
      Pattern.compile(
          "\\b(io\\.javalin|com\\.fasterxml|java\\.sql|javax\\.sql|org\\.flywaydb|com\\.zaxxer|java\\.net\\.http|software\\.amazon)\\.");
  private static final Pattern IO =
      Pattern.compile("\\b(java\\.io|java\\.nio\\.file|java\\.net|java\\.nio\\.channels)\\.[A-Z]");
  private static final Pattern WALL_CLOCK =
      Pattern.compile(
          "Instant\\.now\\(\\)|System\\.currentTimeMillis\\(\\)|LocalDate\\.now\\(\\)|Clock\\.systemUTC\\(\\)");
  private static final Pattern CORE_REFERENCE =
      Pattern.compile("\\b(io\\.imprint\\.core(?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z]");
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

  private static final Map<Path, String> sources = new TreeMap<>();

  @BeforeAll
  static void readSources() throws IOException {
    try (var files = Files.walk(Path.of("src/main/java"))) {
      files
          .filter(p -> p.toString().endsWith(".java"))
          .forEach(
              p -> {
                try {
                  sources.put(p, withoutCommentsAndStrings(Files.readString(p)));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    assertThat(sources).hasSizeGreaterThan(50);
  }

  @Test
  void core_uses_no_http_sql_or_json_type_imported_or_written_inline() {
    sources.forEach(
        (path, code) ->
            assertThat(ADAPTERS.matcher(code).find()).as(path + " uses an adapter type").isFalse());
  }

  @Test
  void core_never_reads_the_wall_clock() {
    sources.forEach(
        (path, code) ->
            assertThat(WALL_CLOCK.matcher(code).find())
                .as(path + " reads the wall clock instead of the injected clock")
                .isFalse());
  }

  @Test
  void the_domain_uses_neither_ports_nor_the_application_and_does_no_io() {
    sources.forEach(
        (path, code) -> {
          if (packageOf(code).startsWith(CORE + ".domain")) {
            assertThat(references(code))
                .as(path + " (domain) refers to")
                .allMatch(p -> p.startsWith(CORE + ".domain"));
            assertThat(IO.matcher(code).find()).as(path + " (domain) does I/O").isFalse();
          }
        });
  }

  @Test
  void ports_use_the_domain_only() {
    sources.forEach(
        (path, code) -> {
          if (packageOf(code).startsWith(CORE + ".port")) {
            assertThat(references(code))
                .as(path + " (port) refers to")
                .allMatch(p -> p.startsWith(CORE + ".domain"));
          }
        });
  }

  @Test
  void every_core_type_lives_in_one_of_the_three_layers() {
    sources.forEach(
        (path, code) ->
            assertThat(packageOf(code))
                .as(path.toString())
                .matches("io\\.imprint\\.core\\.(domain|port|app)(\\..+)?"));
  }

  @Test
  void core_packages_form_no_cycle() {
    var graph = new TreeMap<String, Set<String>>();
    sources
        .values()
        .forEach(
            code ->
                graph
                    .computeIfAbsent(packageOf(code), k -> new TreeSet<>())
                    .addAll(references(code)));
    graph.forEach((from, to) -> to.remove(from));
    var cycles = new ArrayList<List<String>>();
    var done = new HashSet<String>();
    for (var start : graph.keySet()) {
      findCycle(graph, start, new ArrayList<>(), done, cycles);
    }
    assertThat(cycles).as("package cycles").isEmpty();
  }

  @Test
  void every_core_package_says_what_it_holds_and_what_it_may_use() {
    var packages = new TreeSet<String>();
    sources.values().forEach(code -> packages.add(packageOf(code)));
    for (var pkg : packages) {
      var info = Path.of("src/main/java", pkg.replace('.', '/'), "package-info.java");
      assertThat(info).as(pkg).exists();
    }
  }

  @Test
  void no_main_source_file_in_core_is_longer_than_300_lines() throws IOException {
    for (var path : sources.keySet()) {
      assertThat(Files.readAllLines(path)).as(path.toString()).hasSizeLessThanOrEqualTo(300);
    }
  }

  private static void findCycle(
      Map<String, Set<String>> graph,
      String node,
      List<String> path,
      Set<String> done,
      List<List<String>> cycles) {
    if (done.contains(node)) {
      return;
    }
    int at = path.indexOf(node);
    if (at >= 0) {
      cycles.add(List.copyOf(path.subList(at, path.size())));
      return;
    }
    path.add(node);
    for (var next : graph.getOrDefault(node, Set.of())) {
      findCycle(graph, next, path, done, cycles);
    }
    path.removeLast();
    done.add(node);
  }

  private static String packageOf(String code) {
    var m = PACKAGE.matcher(code);
    return m.find() ? m.group(1) : "";
  }

  /** The core packages a source refers to, by import or by a name written inline. */
  private static Set<String> references(String code) {
    var found = new TreeSet<String>();
    var m = CORE_REFERENCE.matcher(code.replaceFirst("(?m)^package [\\w.]+;", ""));
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /**
   * Comments and string literals removed, so that a name in prose or in a message counts for
   * nothing.
   */
  static String withoutCommentsAndStrings(String source) {
    return source
        .replaceAll("(?s)/\\*.*?\\*/", " ")
        .replaceAll("//[^\\n]*", " ")
        .replaceAll("\"(?:\\\\.|[^\"\\\\\\n])*\"", "\"\"");
  }
}
