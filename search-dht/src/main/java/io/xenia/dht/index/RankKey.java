package io.xenia.dht.index;

import java.util.Comparator;

/**
 * Where an offer sorts: by {@code primary} (price in micro-units, or the bits of a non-negative RTT
 * estimate, which order like the doubles), then price, then machine key, so the order is total and
 * a page boundary is a single point.
 */
record RankKey(long primary, long price, String machineKey) implements Comparable<RankKey> {
  private static final Comparator<RankKey> ORDER =
      Comparator.comparingLong(RankKey::primary)
          .thenComparingLong(RankKey::price)
          .thenComparing(RankKey::machineKey);

  @Override
  public int compareTo(RankKey other) {
    return ORDER.compare(this, other);
  }
}
