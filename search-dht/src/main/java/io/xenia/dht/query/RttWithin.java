package io.xenia.dht.query;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * {@code rtt(<hostId>,<hostId>,...)<=20ms}: only offers whose host's estimated round-trip time to
 * every listed host is within the limit ({@code <} for a strict limit). Estimates come from Vivaldi
 * coordinates, so this is exact over the estimates, not over real pings.
 *
 * @param hostIds the hosts, at least one, in the order written
 * @param strict true for {@code <}, false for {@code <=}
 * @param millis the limit in milliseconds, an exact non-negative decimal without trailing zeros
 */
public record RttWithin(List<String> hostIds, boolean strict, BigDecimal millis)
    implements ProximityTerm {
  /** Checks ids and the limit; normalises the limit's scale so equal limits are equal. */
  public RttWithin {
    hostIds = List.copyOf(hostIds);
    if (hostIds.isEmpty()) {
      throw new IllegalArgumentException("rtt(...) needs at least one host id");
    }
    hostIds.forEach(ProximityTerm::checkHostId);
    Objects.requireNonNull(millis, "millis");
    if (millis.signum() < 0) {
      throw new IllegalArgumentException("negative rtt limit " + millis);
    }
    millis = millis.signum() == 0 ? BigDecimal.ZERO : millis.stripTrailingZeros();
  }

  /** True if an estimated RTT of {@code estimateMillis} is within the limit. */
  public boolean accepts(double estimateMillis) {
    int c = BigDecimal.valueOf(estimateMillis).compareTo(millis);
    return strict ? c < 0 : c <= 0;
  }

  @Override
  public String toString() {
    return "rtt("
        + String.join(",", hostIds)
        + ")"
        + (strict ? "<" : "<=")
        + millis.toPlainString()
        + "ms";
  }
}
