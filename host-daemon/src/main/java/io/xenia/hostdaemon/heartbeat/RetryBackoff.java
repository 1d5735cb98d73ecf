package io.xenia.hostdaemon.heartbeat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again after {@code failures} failed heartbeats in a row: {@code initial} doubled per
 * failure, capped at {@code max} (the heartbeat interval: a daemon never waits longer than that, or
 * the broker would count it silent for nothing), with ±20% jitter so that hosts cut off by one
 * broker outage do not return in lockstep.
 */
public record RetryBackoff(Duration initial, Duration max) {
  public RetryBackoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max");
    }
  }

  /** The delay without jitter. */
  public Duration base(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    int shift = Math.min(failures - 1, 30);
    Duration d = initial.multipliedBy(1L << shift);
    return d.compareTo(max) > 0 || d.isNegative() ? max : d;
  }

  public Duration delay(int failures) {
    long base = base(failures).toMillis();
    long jitter = base / 5;
    long d = base + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
    return Duration.ofMillis(Math.min(d, max.toMillis()));
  }
}
