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
}
