package io.imprint.bench;

import java.util.Arrays;

/**
 * Request latencies in nanoseconds, recorded without allocation per sample, and their nearest-rank
 * percentiles.
 */
final class Latencies {
  private long[] samples;
  private int size;
  private long errors;

  Latencies(int expected) {
    samples = new long[Math.max(16, expected)];
  }

  void add(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  void error() {
    errors++;
  }

  void addAll(Latencies other) {
    for (int i = 0; i < other.size; i++) {
      add(other.samples[i]);
    }
    errors += other.errors;
  }

  int count() {
    return size;
  }

  long errors() {
    return errors;
  }

  /** Sorts the samples; call before the percentiles. */
  Latencies sorted() {
    Arrays.sort(samples, 0, size);
    return this;
  }

  /** The nearest-rank percentile {@code p} (0 < p ≤ 100) of the sorted samples, in milliseconds. */
  double percentileMs(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * size);
    return samples[Math.min(size, Math.max(1, rank)) - 1] / 1e6;
  }

  double maxMs() {
    return size == 0 ? Double.NaN : samples[size - 1] / 1e6;
  }
}
