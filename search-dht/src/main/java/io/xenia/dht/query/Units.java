package io.xenia.dht.query;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Unit tables: each maps a unit's spelling to how many canonical units one of it is. Every factor
 * is a terminating decimal (a ratio of powers of two and ten), so conversions stay exact.
 */
final class Units {
  private Units() {}

  /** Binary and decimal byte units relative to a canonical unit of {@code canonicalBytes}. */
  static Map<String, BigDecimal> bytes(long canonicalBytes) {
    BigDecimal canonical = BigDecimal.valueOf(canonicalBytes);
    Map<String, BigDecimal> units = new LinkedHashMap<>();
    // Largest first: the canonical printer picks the first unit that gives a whole number.
    units.put("TiB", BigDecimal.valueOf(1L << 40).divide(canonical));
    units.put("TB", BigDecimal.TEN.pow(12).divide(canonical));
    units.put("GiB", BigDecimal.valueOf(1L << 30).divide(canonical));
    units.put("GB", BigDecimal.TEN.pow(9).divide(canonical));
    units.put("MiB", BigDecimal.valueOf(1L << 20).divide(canonical));
    units.put("MB", BigDecimal.TEN.pow(6).divide(canonical));
    units.put("KiB", BigDecimal.valueOf(1L << 10).divide(canonical));
    units.put("KB", BigDecimal.TEN.pow(3).divide(canonical));
    return units;
  }

  /** Bandwidth units relative to Mbps. */
  static Map<String, BigDecimal> bandwidth() {
    Map<String, BigDecimal> units = new LinkedHashMap<>();
    units.put("Gbps", BigDecimal.valueOf(1000));
    units.put("Mbps", BigDecimal.ONE);
    return units;
  }

  /** Duration units relative to seconds. */
  static Map<String, BigDecimal> durations() {
    Map<String, BigDecimal> units = new LinkedHashMap<>();
    units.put("d", BigDecimal.valueOf(86_400));
    units.put("h", BigDecimal.valueOf(3_600));
    units.put("min", BigDecimal.valueOf(60));
    units.put("s", BigDecimal.ONE);
    return units;
  }

  /**
   * Renders {@code amount} (in canonical units) in the largest unit of {@code units} that makes it
   * a whole number, else as a decimal in the canonical unit. Deterministic, so canonical text of
   * equal values is equal.
   */
  static String render(BigDecimal amount, Map<String, BigDecimal> units, String canonicalUnit) {
    if (amount.signum() != 0) {
      for (Map.Entry<String, BigDecimal> unit : units.entrySet()) {
        BigDecimal inUnit;
        try {
          inUnit = amount.divide(unit.getValue());
        } catch (ArithmeticException nonTerminating) {
          continue;
        }
        if (inUnit.stripTrailingZeros().scale() <= 0) {
          return inUnit.stripTrailingZeros().toPlainString() + unit.getKey();
        }
      }
    }
    return amount.toPlainString() + canonicalUnit;
  }
}
