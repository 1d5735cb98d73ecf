package io.xenia.broker.hosts;

import io.xenia.broker.problems.XeniaException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code metrics} member of a heartbeat, checked: every value is text (the daemon signs it as
 * such), numbers are plain decimals within their range, words are short and of the query language's
 * word characters. Members the broker does not know are ignored, so daemons may report more than
 * this broker stores; a known member with a bad value refuses the heartbeat ({@code
 * validation-failed}), since a host that reports nonsense should be noticed, not half-recorded.
 * Pure: no IO.
 */
record HostMetricsReport(
    Integer cpuCores,
    BigDecimal cpuLoad,
    Long memTotalMib,
    BigDecimal memUsed,
    BigDecimal diskFreeGib,
    Long uptimeSeconds,
    Integer machinesLeased,
    Integer machinesFree,
    Integer machinesFailed,
    String version,
    String region) {
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,6})?");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:/+-]{1,64}");

  /** Checks a heartbeat's metrics; {@code null} for a heartbeat without them. */
  static HostMetricsReport parse(Map<String, String> m) {
    if (m == null || m.isEmpty()) {
      return null;
    }
    m.forEach(
        (k, v) -> {
          if (v == null) {
            throw bad(k, "must be text, not null");
          }
        });
    return new HostMetricsReport(
        whole(m, "cpu.cores", 1, 1_000_000).map(Long::intValue).orElse(null),
        decimal(m, "cpu.load", 4, null),
        whole(m, "mem.total", 0, Long.MAX_VALUE).orElse(null),
        decimal(m, "mem.used", 4, BigDecimal.ONE),
        decimal(m, "disk.free", 2, null),
        whole(m, "uptime", 0, Long.MAX_VALUE).orElse(null),
        whole(m, "machines.leased", 0, 1_000_000).map(Long::intValue).orElse(null),
        whole(m, "machines.free", 0, 1_000_000).map(Long::intValue).orElse(null),
        whole(m, "machines.failed", 0, 1_000_000).map(Long::intValue).orElse(null),
        word(m, "version"),
        word(m, "region"));
  }

  private static java.util.Optional<Long> whole(
      Map<String, String> m, String key, long min, long max) {
    String v = m.get(key);
    if (v == null) {
      return java.util.Optional.empty();
    }
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max && v.matches("[0-9]+")) {
        return java.util.Optional.of(n);
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal
    }
    throw bad(key, "must be a whole number in " + min + ".." + max);
  }

  private static BigDecimal decimal(Map<String, String> m, String key, int scale, BigDecimal max) {
    String v = m.get(key);
    if (v == null) {
      return null;
    }
    if (!DECIMAL.matcher(v).matches()) {
      throw bad(key, "must be a plain non-negative decimal");
    }
    BigDecimal d = new BigDecimal(v);
    if (max != null && d.compareTo(max) > 0) {
      throw bad(key, "must be at most " + max);
    }
    return d.setScale(scale, java.math.RoundingMode.HALF_UP);
  }

  private static String word(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v != null && !WORD.matcher(v).matches()) {
      throw bad(key, "must be 1..64 of A-Z a-z 0-9 _ . : / + -");
    }
    return v;
  }

  private static XeniaException bad(String key, String message) {
    return XeniaException.invalidField("metrics." + key, message);
  }
}
