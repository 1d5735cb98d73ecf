package io.xenia.dht;

import static java.util.Objects.requireNonNull;

/**
 * A summary of the live entries one node holds at a location and domain, computed by that node from
 * its store: how many, the smallest and largest {@link Entry#sortKey()}, and a Bloom filter of
 * their content keys. A query reads digests to skip locations that cannot match and to intersect
 * candidate sets before fetching values; a reader that holds a copy itself compares {@link
 * #entrySet()} with its own to skip fetching what it already has.
 *
 * @param count live (unexpired, non-tombstone) entries
 * @param minSortKey smallest sort key; {@link Long#MAX_VALUE} when count is 0
 * @param maxSortKey largest sort key; {@link Long#MIN_VALUE} when count is 0
 * @param contentKeys Bloom filter of the entries' content keys
 * @param entrySet a fingerprint of exactly which entries (content, value, sequence, owner) these
 *     are: the XOR of the first 8 bytes of their signatures, which differ whenever any signed field
 *     does; 0 for none, and 0 (meaning nothing) in a union of several holders' digests
 */
public record Digest(
    int count, long minSortKey, long maxSortKey, BloomFilter contentKeys, long entrySet) {
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

  /** A digest without an entry-set fingerprint (a union, or a summary built by hand). */
  public Digest(int count, long minSortKey, long maxSortKey, BloomFilter contentKeys) {
    this(count, minSortKey, maxSortKey, contentKeys, 0);
  }

  /** The digest of no entries. */
  public static Digest empty() {
    return new Digest(0, Long.MAX_VALUE, Long.MIN_VALUE, BloomFilter.empty(), 0);
  }

  /** The digest of these entries (tombstones left out), as a holder computes it. */
  public static Digest of(java.util.Collection<Entry> entries) {
    int count = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    BloomFilter bloom = BloomFilter.empty();
    long entrySet = 0;
    for (Entry entry : entries) {
      if (!entry.isTombstone()) {
        count++;
        min = Math.min(min, entry.sortKey());
        max = Math.max(max, entry.sortKey());
        bloom.add(entry.key().content());
        entrySet ^= fingerprint(entry);
      }
    }
    return new Digest(count, min, max, bloom, entrySet);
  }

  /** The {@link #entrySet()} contribution of one entry. */
  public static long fingerprint(Entry entry) {
    byte[] signature = entry.signature();
    long f = 0;
    for (int i = 0; i < 8; i++) {
      f = (f << 8) | (signature[i] & 0xff);
    }
    return f;
  }

  /**
   * True if both digests summarise the same entries: equal counts and entry-set fingerprints (a
   * 2^-64 chance of a false match for honest holders; a holder that lies can hide entries from a
   * reader either way).
   */
  public boolean sameEntries(Digest other) {
    return count == other.count && entrySet == other.entrySet;
  }

  /** True if some entry's sort key may lie in {@code [low, high]}. */
  public boolean mayOverlap(long low, long high) {
    return count > 0 && minSortKey <= high && maxSortKey >= low;
  }
}
