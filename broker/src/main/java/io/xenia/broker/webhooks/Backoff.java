package io.xenia.broker.webhooks;

import java.time.Duration;

/**
 * When a failed webhook delivery is tried again: {@code first × 2^(attempts−1)}, capped at {@code
 * max}, and given up after {@code maxAttempts}. Pure.
 */
public record Backoff(Duration first, Duration max, int maxAttempts) {
  public Backoff {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || maxAttempts < 1) {
      throw new IllegalArgumentException("backoff needs 0 < first <= max and at least one attempt");
    }
  }

  /** The wait after the {@code attempts}-th failed attempt (1 for the first). */
  public Duration after(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts start at 1");
    }
    Duration wait = first;
    for (int i = 1; i < attempts && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }

  /** Whether a delivery that failed {@code attempts} times is given up. */
  public boolean givesUpAfter(int attempts) {
    return attempts >= maxAttempts;
  }
}
