package io.xenia.billing.charging;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.money.Money;

/**
 * What one record costs the order: {@code charged} (of which {@code fee} is the platform's) and,
 * when the order could not pay all of the rating, the {@code overrun}.
 */
public record PlannedCharge(RatedRecord rated, Money charged, Money fee, Money overrun) {
  public PlannedCharge {
    requireNonNull(rated, "rated is null");
    requireNonNull(charged, "charged is null");
    requireNonNull(fee, "fee is null");
    requireNonNull(overrun, "overrun is null");
    if (!charged.plus(overrun).equals(rated.rating().total())) {
      throw new IllegalArgumentException("charged + overrun must be the rating: " + this);
    }
  }

  public Money hostShare() {
    return charged.minus(fee);
  }
}
