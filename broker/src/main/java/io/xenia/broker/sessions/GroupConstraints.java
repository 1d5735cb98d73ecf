package io.xenia.broker.sessions;

import java.util.OptionalLong;

/**
 * What must hold between the members of a group of sessions created together.
 *
 * @param distinctOwners no two members on machines of the same host operator
 * @param sameRegion all members in one region
 * @param maxRttMillis every pair of members' hosts within this estimated round-trip time ({@link
 *     RttBound}); empty: no bound
 */
public record GroupConstraints(
    boolean distinctOwners, boolean sameRegion, OptionalLong maxRttMillis) {
  public static final GroupConstraints NONE = new GroupConstraints(false, false);

  public GroupConstraints {
    java.util.Objects.requireNonNull(maxRttMillis, "maxRttMillis is null");
    if (maxRttMillis.isPresent() && maxRttMillis.getAsLong() < 0) {
      throw new IllegalArgumentException("maxRttMillis must not be negative");
    }
  }

  /** Without an RTT bound. */
  public GroupConstraints(boolean distinctOwners, boolean sameRegion) {
    this(distinctOwners, sameRegion, OptionalLong.empty());
  }
}
