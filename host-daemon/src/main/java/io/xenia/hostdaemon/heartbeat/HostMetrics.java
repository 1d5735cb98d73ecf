package io.xenia.hostdaemon.heartbeat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a heartbeat tells the broker about the host itself, for operators' fleet queries
 * (docs/fleet.md): real values from {@code /proc} and the file system, plus the daemon's machine
 * tally. Every value is text (decimals as plain decimal strings), so the signed bytes stay
 * canonical JSON without floating point; a value that cannot be read is left out, never guessed.
 *
 * <p>Members: {@code cpu.cores}, {@code cpu.load} (1-min load average / cores, 4 decimals), {@code
 * mem.total} (MiB), {@code mem.used} (fraction, 4 decimals), {@code disk.free} (GiB of the data
 * directory's file system, 2 decimals), {@code uptime} (s since boot), {@code machines.leased},
 * {@code machines.free}, {@code machines.failed}, {@code version}, {@code region}.
 */
public final class HostMetrics {
  private HostMetrics() {}

  /** The daemon's machines by what they are doing, and where they are. */
  public record Tally(int leased, int free, int failed, Optional<String> region) {}

  /** Reads every metric now. */
  public static SortedMap<String, String> collect(
      Path proc, Path dataDir, int cores, String version, Tally tally) {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("cpu.cores", Integer.toString(cores));
    read(proc.resolve("loadavg")).flatMap(t -> load(t, cores)).ifPresent(v -> m.put("cpu.load", v));
    read(proc.resolve("meminfo"))
        .ifPresent(
            t -> {
              memTotalMib(t).ifPresent(v -> m.put("mem.total", v));
              memUsed(t).ifPresent(v -> m.put("mem.used", v));
            });
    read(proc.resolve("uptime")).flatMap(HostMetrics::uptime).ifPresent(v -> m.put("uptime", v));
    diskFreeGib(dataDir).ifPresent(v -> m.put("disk.free", v));
    m.put("machines.leased", Integer.toString(tally.leased()));
    m.put("machines.free", Integer.toString(tally.free()));
    m.put("machines.failed", Integer.toString(tally.failed()));
    m.put("version", version);
    tally.region().ifPresent(r -> m.put("region", r));
    return m;
  }

  /** The daemon's version from its jar manifest, or {@code dev} when run from classes. */
  public static String version() {
    String v = HostMetrics.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "dev" : v;
  }

  /** {@code /proc/loadavg}'s first field divided by the cores. */
  static Optional<String> load(String loadavg, int cores) {
    String[] fields = loadavg.strip().split("\\s+");
    try {
      BigDecimal one = new BigDecimal(fields[0]);
      return Optional.of(
          one.divide(BigDecimal.valueOf(Math.max(1, cores)), 4, RoundingMode.HALF_UP)
              .toPlainString());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  static Optional<String> memTotalMib(String meminfo) {
    return kib(meminfo, "MemTotal").map(k -> Long.toString(k / 1024));
  }

  /** 1 − MemAvailable / MemTotal: what the kernel could not hand out without swapping. */
  static Optional<String> memUsed(String meminfo) {
    Optional<Long> total = kib(meminfo, "MemTotal");
    Optional<Long> available = kib(meminfo, "MemAvailable");
    if (total.isEmpty() || available.isEmpty() || total.get() <= 0) {
      return Optional.empty();
    }
    BigDecimal used =
        BigDecimal.ONE.subtract(
            BigDecimal.valueOf(available.get())
                .divide(BigDecimal.valueOf(total.get()), 4, RoundingMode.HALF_UP));
    return Optional.of(used.max(BigDecimal.ZERO).setScale(4, RoundingMode.HALF_UP).toPlainString());
  }

  /** Whole seconds since boot, from {@code /proc/uptime}. */
  static Optional<String> uptime(String text) {
    try {
      return Optional.of(
          new BigDecimal(text.strip().split("\\s+")[0])
              .setScale(0, RoundingMode.DOWN)
              .toPlainString());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> diskFreeGib(Path dir) {
    try {
      long bytes = Files.getFileStore(Files.exists(dir) ? dir : dir.getRoot()).getUsableSpace();
      return Optional.of(
          BigDecimal.valueOf(bytes)
              .divide(BigDecimal.valueOf(1L << 30), 2, RoundingMode.DOWN)
              .toPlainString());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> kib(String meminfo, String key) {
    for (String line : List.of(meminfo.split("\n"))) {
      if (line.startsWith(key + ":")) {
        String[] f = line.substring(key.length() + 1).strip().split("\\s+");
        try {
          return Optional.of(Long.parseLong(f[0]));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
