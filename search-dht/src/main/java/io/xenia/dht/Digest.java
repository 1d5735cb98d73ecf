package io.xenia.dht;

import static java.util.Objects.requireNonNull;

/**
 * A summary of the live entries one node holds at a location and domain, computed by that node from
 * its store: how many, the smallest and largest {@link Entry#sortKey()}, and a Bloom filter of
 * their content keys. A query reads digests to skip locations that cannot match and to intersect
 * candidate sets before fetching values.
 *
 * @param count live (unexpired, non-tombstone) entries
 * @param minSortKey smallest sort key; {@link Long#MAX_VALUE} when count is 0
 * @param maxSortKey largest sort key; {@link Long#MIN_VALUE} when count is 0
 * @param contentKeys Bloom filter of the entries' content keys
 */
public record Digest(int count, long minSortKey, long maxSortKey, BloomFilter contentKeys) {
  /** Checks consistency. */
  public Digest {
    requireNonNull(contentKeys, "contentKeys is null");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    if (count > 0 && minSortKey > maxSortKey) {
      throw new IllegalArgumentException("minSortKey > maxSortKey");
    }
  }

  /** The digest of no entries. */
  public static Digest empty() {
    return new Digest(0, Long.MAX_VALUE, Long.MIN_VALUE, BloomFilter.empty());
  }

  /** True if some entry's sort key may lie in {@code [low, high]}. */
  public boolean mayOverlap(long low, long high) {
    return count > 0 && minSortKey <= high && maxSortKey >= low;
  }
}
