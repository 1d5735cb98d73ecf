package io.xenia.dht.internal;

import io.xenia.dht.DhtKey;
import io.xenia.dht.Digest;
import io.xenia.dht.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How a requester turns entries from several nodes into an answer: it never trusts a responder, so
 * it verifies every signature, keeps the newest entry per key, and drops removals and expired
 * values. Not thread-safe: runs on the node's thread.
 */
final class Merging {
  private final Counters counters;
  private final LongSupplier clockMillis;

  Merging(Counters counters, LongSupplier clockMillis) {
    this.counters = counters;
    this.clockMillis = clockMillis;
  }

  /** The entries whose signatures verify; the others are counted as forged and dropped. */
  List<Entry> verified(List<Entry> entries) {
    List<Entry> out = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      if (entry.hasValidSignature()) {
        out.add(entry);
      } else {
        counters.forgedReceived.incrementAndGet();
      }
    }
    return out;
  }

  /** The newest entry per key, without tombstones or expired entries, in first-seen key order. */
  List<Entry> live(List<Entry> entries) {
    long now = clockMillis.getAsLong();
    Map<DhtKey, Entry> newest = new LinkedHashMap<>();
    for (Entry entry : entries) {
      newest.merge(entry.key(), entry, (a, b) -> b.sequence() > a.sequence() ? b : a);
    }
    List<Entry> out = new ArrayList<>(newest.size());
    for (Entry entry : newest.values()) {
      if (!entry.isTombstone() && !entry.isExpiredAt(now)) {
        out.add(entry);
      }
    }
    return out;
  }

  /**
   * Several holders' digests of one location as one: the union of their Bloom filters and sort-key
   * ranges, and the largest count (a lower bound of the union's size, since holders share most
   * entries and a digest cannot tell which).
   */
  static Digest union(List<Digest> digests) {
    Digest out = Digest.empty();
    for (Digest d : digests) {
      out =
          new Digest(
              Math.max(out.count(), d.count()),
              Math.min(out.minSortKey(), d.minSortKey()),
              Math.max(out.maxSortKey(), d.maxSortKey()),
              out.contentKeys().or(d.contentKeys()));
    }
    return out;
  }
}
