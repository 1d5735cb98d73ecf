package io.xenia.billing.rating;

import io.xenia.protocol.money.Money;
import java.math.BigInteger;

/**
 * The platform's share of every charge, in basis points (1/100 of a percent): 500 is 5 %. The fee
 * is rounded down, so the host gets the micro-unit a split cannot give exactly.
 */
public record FeeRate(int basisPoints) {
  public FeeRate {
    if (basisPoints < 0 || basisPoints > 10_000) {
      throw new IllegalArgumentException(
          "a platform fee is between 0 and 10000 basis points, not " + basisPoints);
    }
  }

  /** The platform's part of {@code charged}. */
  public Money feeOf(Money charged) {
    long micros =
        BigInteger.valueOf(charged.micros())
            .multiply(BigInteger.valueOf(basisPoints))
            .divide(BigInteger.valueOf(10_000))
            .longValueExact();
    return Money.ofMicros(charged.currency(), micros);
  }
}
