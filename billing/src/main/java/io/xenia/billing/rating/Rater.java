package io.xenia.billing.rating;

import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.UsageQuantities;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rates a usage record's quantities with an agreement's prices. Pure.
 *
 * <p>The machine's time is its {@code machineSeconds} at {@code perHour / 3600} per second; each
 * per-unit price applies to its measured quantity. Every line is rounded down to the micro-unit on
 * its own, so a host never bills more than the exact price: the most a session can lose to rounding
 * is one micro-unit per line per record (a record a minute: under 0.002 of a cent per day).
 * Products are computed exactly (BigInteger) before the division, never in floating point.
 */
public final class Rater {
  private static final BigInteger SECONDS_PER_HOUR = BigInteger.valueOf(3600);

  private Rater() {}

  public static Rating rate(PriceList prices, UsageQuantities quantities)
      throws UnratableUsageException {
    List<RatedLine> lines = new ArrayList<>();
    lines.add(
        line(
            RatedLine.MACHINE_HOUR,
            quantities.machineSeconds(),
            prices.perHour(),
            SECONDS_PER_HOUR));
    for (Map.Entry<String, Money> e : prices.perUnit().entrySet()) {
      UsageUnit unit =
          UsageUnit.fromSlug(e.getKey())
              .orElseThrow(
                  () ->
                      new UnratableUsageException(
                          "the agreement prices the unit '"
                              + e.getKey()
                              + "', which billing cannot measure"));
      lines.add(
          line(
              unit.slug(),
              unit.measured(quantities),
              e.getValue(),
              BigInteger.valueOf(unit.basePerUnit())));
    }
    Money total = Money.zero(prices.currency());
    for (RatedLine l : lines) {
      total = total.plus(l.amount());
    }
    return new Rating(lines, total);
  }

  private static RatedLine line(
      String component, long measured, Money unitPrice, BigInteger basePerUnit) {
    long micros =
        BigInteger.valueOf(unitPrice.micros())
            .multiply(BigInteger.valueOf(measured))
            .divide(basePerUnit)
            .longValueExact();
    return new RatedLine(
        component, measured, unitPrice, Money.ofMicros(unitPrice.currency(), micros));
  }
}
