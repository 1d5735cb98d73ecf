package io.xenia.bench.hostdaemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles and the table rows the host-daemon benches print, and the machine's load. */
final class Samples {
  private Samples() {}

  /** One row: name, p50, p99, max of {@code millis}. */
  static void row(String name, List<Double> millis) {
    List<Double> sorted = sorted(millis);
    System.out.printf(
        "  %-34s %8.1f %8.1f %8.1f%n",
        name, percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
  }

  /** The nearest-rank percentile of {@code values}. */
  static double percentile(List<Double> values, int p) {
    List<Double> sorted = sorted(values);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static List<Double> sorted(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted;
  }

  /** {@code /proc/loadavg}, for the report: absolute times on a shared machine follow it. */
  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "?";
    }
  }
}
