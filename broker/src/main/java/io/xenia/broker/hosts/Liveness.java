package io.xenia.broker.hosts;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The failure detector's rule: a host that has sent no heartbeat for {@code suspectAfterMissed}
 * intervals is suspect, for {@code downAfterMissed} intervals down. A heartbeat makes it up again.
 * Pure: the detector and the heartbeat path both ask it, so the rule has one home.
 */
public record Liveness(Duration interval, int suspectAfterMissed, int downAfterMissed) {
  public Liveness {
    requireNonNull(interval, "interval is null");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("the heartbeat interval must be positive");
    }
    if (suspectAfterMissed < 1 || downAfterMissed <= suspectAfterMissed) {
      throw new IllegalArgumentException(
          "need 1 <= suspect-after-missed < down-after-missed, not "
              + suspectAfterMissed
              + " and "
              + downAfterMissed);
    }
  }

  /** The status of a live (not revoked) host last heard from at {@code lastSeen}. */
  public HostStatus assess(Instant lastSeen, Instant now) {
    Duration silent = Duration.between(lastSeen, now);
    if (silent.compareTo(interval.multipliedBy(downAfterMissed)) >= 0) {
      return HostStatus.DOWN;
    }
    if (silent.compareTo(interval.multipliedBy(suspectAfterMissed)) >= 0) {
      return HostStatus.SUSPECT;
    }
    return HostStatus.UP;
  }

  /** Hosts last seen before this instant are at least suspect. */
  public Instant suspectBefore(Instant now) {
    return now.minus(interval.multipliedBy(suspectAfterMissed));
  }
}
