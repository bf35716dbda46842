package io.imprint.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark prints: lines as they are measured, and the targets (PASS or FAIL with the
 * figure and its ratio to the baseline) gathered for a summary at the end. Sizes are binary (GiB,
 * MiB); rates are MB/s of 10^6 bytes.
 */
final class Report {
  private final List<String> targets = new ArrayList<>();

  static void out(String format, Object... args) {
    System.out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  void target(boolean pass, String format, Object... args) {
    targets.add("  " + (pass ? "PASS" : "FAIL") + "  " + String.format(Locale.ROOT, format, args));
  }

  void printTargets() {
    out("");
    out("targets");
    targets.forEach(Report::out);
  }

  static String ms(double ms) {
    if (Double.isNaN(ms)) {
      return "-";
    }
    return String.format(
        Locale.ROOT, ms < 1 ? "%.3f" : ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%,.0f", ms);
  }

  static String seconds(double s) {
    return String.format(Locale.ROOT, s < 1 ? "%.3f" : s < 100 ? "%.2f" : "%,.0f", s);
  }

  /** MB/s (10^6 bytes a second) of {@code bytes} moved in {@code nanos}. */
  static double mbps(long bytes, long nanos) {
    return nanos <= 0 ? Double.NaN : bytes / 1e6 / (nanos / 1e9);
  }

  static String rate(double mbps) {
    return Double.isNaN(mbps)
        ? "-"
        : String.format(Locale.ROOT, mbps < 100 ? "%.1f" : "%,.0f", mbps);
  }

  static String ratio(double value, double baseline) {
    if (!(baseline > 0) || Double.isNaN(value)) {
      return "-";
    }
    double r = value / baseline;
    return String.format(Locale.ROOT, r < 1 ? "%.2f×" : r < 10 ? "%.1f×" : "%,.0f×", r);
  }

  static String percent(double value, double baseline) {
    if (!(baseline > 0) || Double.isNaN(value)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.0f %%", 100 * value / baseline);
  }

  static String gib(long bytes) {
    double g = bytes / (double) (1L << 30);
    return String.format(Locale.ROOT, g == Math.rint(g) ? "%.0f GiB" : "%.2f GiB", g);
  }

  static double median(List<Double> values) {
    var sorted = values.stream().sorted().toList();
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String list(List<Double> msValues) {
    return String.join(", ", msValues.stream().map(Report::ms).toList());
  }

  /** The first field of {@code /proc/loadavg}, or "?". */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
