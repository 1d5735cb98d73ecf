package io.xenia.broker.sessions;

import io.xenia.protocol.money.Money;
import java.math.BigInteger;
import java.time.Duration;

/**
 * What a session holds of its purchase order: the agreed hourly price for the lease (rounded up to
 * the micro-unit, so the hold is never short), or for a minimum period when the lease is
 * open-ended. Pure.
 */
public final class Reservations {
  private static final BigInteger MICROS_PER_HOUR = BigInteger.valueOf(3_600_000_000L);

  private Reservations() {}

  /** {@code perHour × period}, rounded up. */
  public static Money forPeriod(Money perHour, Duration period) {
    if (period.isNegative()) {
      throw new IllegalArgumentException("period " + period + " is negative");
    }
    BigInteger micros =
        BigInteger.valueOf(perHour.micros())
            .multiply(
                BigInteger.valueOf(period.getSeconds())
                    .multiply(BigInteger.valueOf(1_000_000))
                    .add(BigInteger.valueOf(period.getNano() / 1000)));
    BigInteger[] qr = micros.divideAndRemainder(MICROS_PER_HOUR);
    BigInteger held = qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    return Money.ofMicros(perHour.currency(), held.longValueExact());
  }

  /**
   * What a lease at {@code perHour} has accrued over {@code elapsed}: rounded down, so the sum
   * computed from the start never exceeds the agreed price for the time (and a hold of {@link
   * #forPeriod} for the same period always covers it).
   */
  public static Money accrued(Money perHour, Duration elapsed) {
    if (elapsed.isNegative()) {
      return Money.zero(perHour.currency());
    }
    BigInteger micros =
        BigInteger.valueOf(perHour.micros())
            .multiply(
                BigInteger.valueOf(elapsed.getSeconds())
                    .multiply(BigInteger.valueOf(1_000_000))
                    .add(BigInteger.valueOf(elapsed.getNano() / 1000)));
    return Money.ofMicros(perHour.currency(), micros.divide(MICROS_PER_HOUR).longValueExact());
  }
}
