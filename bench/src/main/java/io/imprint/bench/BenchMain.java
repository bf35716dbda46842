package io.imprint.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The shared entry of every benchmark: parse the options (a usage error exits 2), run, and exit 0
 * when the benchmark could measure, 1 when it broke.
 */
final class BenchMain {
  private BenchMain() {}

  /** The {@code --root} option: the Imprint checkout whose bin/imprint a benchmark starts. */
  static Path requireCheckout(Path root) {
    if (root == null || !Files.isExecutable(root.resolve("bin/imprint"))) {
      throw new IllegalArgumentException(
          "--root must name the Imprint checkout (with bin/imprint); bin/bench passes it");
    }
    return root;
  }

  /**
   * A whole-number option within bounds ({@code _} allowed as a separator); otherwise a usage
   * error.
   */
  static int intIn(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.replace("_", ""));
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number from " + min + " to " + max + ", not " + value);
  }

  /**
   * The options of a command line, name to value in their order; every option takes a value. A name
   * not among {@code known}, an option without its value and a stray argument are usage errors that
   * say which, in that order.
   */
  static Map<String, String> options(String[] args, String... known) {
    var names = Set.of(known);
    var options = new LinkedHashMap<String, String>();
    for (int i = 0; i < args.length; i++) {
      var name = args[i];
      if (!name.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + name);
      }
      if (!names.contains(name)) {
        throw new IllegalArgumentException("unknown option " + name);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      options.put(name, args[++i]);
    }
    return options;
  }

  /**
   * A benchmark's run; any exception but a {@link BenchException} counts as the benchmark breaking.
   */
  @FunctionalInterface
  interface Run {
    void run() throws Exception;
  }

  static <O> void main(
      String[] args, Function<String[], O> parse, String usage, Function<O, Run> bench) {
    O options;
    try {
      options = parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(usage);
      System.exit(2);
      return;
    }
    int status;
    try {
      bench.apply(options).run();
      status = 0;
    } catch (BenchException e) {
      System.out.flush();
      System.err.println("bench: " + e.getMessage());
      status = 1;
    } catch (Exception e) {
      System.out.flush();
      System.err.println("bench: the benchmark broke:");
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }
}
