package io.xenia.broker.orders;

import io.xenia.protocol.money.Money;
import java.util.Optional;

/**
 * The low-funds rule of purchase orders: an order is low when its free money — the ring-fenced
 * balance less what live sessions hold, i.e. neither spent nor held — is below its threshold; the
 * threshold is the one the customer set, or {@link #DEFAULT_PERCENT} % of the limit (rounded down
 * to the micro-unit). Pure.
 */
public final class LowFunds {
  /** The default threshold, in percent of the order's limit. */
  public static final int DEFAULT_PERCENT = 10;

  private LowFunds() {}

  public static Money thresholdOf(Money limit, Optional<Money> set) {
    return set.orElseGet(
        () -> Money.ofMicros(limit.currency(), limit.micros() / (100 / DEFAULT_PERCENT)));
  }

  /** Whether {@code free} is below the threshold (a threshold of 0 never fires). */
  public static boolean isLow(Money free, Money threshold) {
    return free.compareTo(threshold) < 0;
  }
}
