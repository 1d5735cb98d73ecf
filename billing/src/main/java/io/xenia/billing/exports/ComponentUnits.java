package io.xenia.billing.exports;

import io.xenia.billing.rating.RatedLine;
import io.xenia.billing.rating.UsageUnit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * How a priced component is measured and priced: the base unit of {@code
 * usage_charge_line.measured} and how many of them make the priced unit (3600 seconds make a
 * machine-hour, 2^30 bytes a GiB). Quantities in priced units are exact decimals (at most 12
 * fraction digits, rounded half-even beyond), never floating point.
 */
public record ComponentUnits(
    String component, String baseUnit, String pricedUnit, long basePerUnit) {

  public static ComponentUnits of(String component) {
    if (RatedLine.MACHINE_HOUR.equals(component)) {
      return new ComponentUnits(component, "second", "hour", 3600);
    }
    Optional<UsageUnit> unit = UsageUnit.fromSlug(component);
    if (unit.isEmpty()) {
      // Not a unit billing rates today; shown as measured rather than refused.
      return new ComponentUnits(component, component, component, 1);
    }
    return switch (unit.get()) {
      case EGRESS_GIB, INGRESS_GIB ->
          new ComponentUnits(component, "byte", "GiB", unit.get().basePerUnit());
      case CPU_CORE_HOUR ->
          new ComponentUnits(component, "cpu-second", "core-hour", unit.get().basePerUnit());
      case MEMORY_GIB_HOUR ->
          new ComponentUnits(component, "mib-second", "GiB-hour", unit.get().basePerUnit());
    };
  }

  /**
   * {@code measured} base units in priced units, exact to 12 fraction digits, trailing zeros
   * stripped.
   */
  public String pricedQuantity(long measured) {
    BigDecimal q =
        BigDecimal.valueOf(measured)
            .divide(BigDecimal.valueOf(basePerUnit), 12, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
    return q.signum() == 0 ? "0" : q.toPlainString();
  }
}
