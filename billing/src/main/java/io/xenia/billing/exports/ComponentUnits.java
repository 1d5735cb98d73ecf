package io.xenia.billing.exports;

import io.xenia.billing.rating.RatedLine;
import io.xenia.billing.rating.UsageUnit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * How a priced component is measured and priced: the base unit of {@code
 * usage_charge_line.measured} and how many of them make the priced unit (3600 seconds make a
 * machine-hour, 2^30 bytes a GiB), with both units as FOCUS spells units ({@code Seconds}, {@code
 * Hours}, {@code GiB}). Quantities in priced units are exact decimals (12 fraction digits, rounded
 * half-even beyond), never floating point.
 */
public record ComponentUnits(
    String component,
    String baseUnit,
    long basePerUnit,
    String focusConsumedUnit,
    String focusPricingUnit) {

  public static ComponentUnits of(String component) {
    if (RatedLine.MACHINE_HOUR.equals(component)) {
      return new ComponentUnits(component, "second", 3600, "Seconds", "Hours");
    }
    Optional<UsageUnit> unit = UsageUnit.fromSlug(component);
    if (unit.isEmpty()) {
      // Not a unit billing rates today: shown as measured rather than refused.
      return new ComponentUnits(component, component, 1, component, component);
    }
    long per = unit.get().basePerUnit();
    return switch (unit.get()) {
      case EGRESS_GIB, INGRESS_GIB -> new ComponentUnits(component, "byte", per, "Bytes", "GiB");
      case CPU_CORE_HOUR ->
          new ComponentUnits(component, "cpu-second", per, "Core-Seconds", "Core-Hours");
      case MEMORY_GIB_HOUR ->
          new ComponentUnits(component, "mib-second", per, "MiB-Seconds", "GiB-Hours");
    };
  }

  /** {@code measured} base units in priced units: exact, trailing zeros stripped. */
  public String pricedQuantity(long measured) {
    BigDecimal q =
        BigDecimal.valueOf(measured)
            .divide(BigDecimal.valueOf(basePerUnit), 12, RoundingMode.HALF_EVEN)
            .stripTrailingZeros();
    return q.signum() == 0 ? "0" : q.toPlainString();
  }
}
