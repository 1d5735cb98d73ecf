package io.xenia.billing.rating;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.money.Money;

/**
 * One priced component of a usage record: the whole machine's time ({@code machine-hour}) or a
 * per-unit price ({@link UsageUnit#slug()}).
 *
 * @param component {@code machine-hour} or a unit slug
 * @param measured the quantity in base units (seconds for machine time; see {@link UsageUnit})
 * @param unitPrice the agreed price of one priced unit
 * @param amount what the quantity costs: {@code unitPrice × measured / basePerUnit}, rounded down
 *     to the micro-unit
 */
public record RatedLine(String component, long measured, Money unitPrice, Money amount) {
  /** The component name of the machine's own time, priced per hour. */
  public static final String MACHINE_HOUR = "machine-hour";

  public RatedLine {
    requireNonNull(component, "component is null");
    requireNonNull(unitPrice, "unitPrice is null");
    requireNonNull(amount, "amount is null");
    if (measured < 0 || amount.isNegative()) {
      throw new IllegalArgumentException("a rated line is never negative: " + this);
    }
  }
}
