package io.xenia.dht.index;

import io.xenia.dht.query.Predicate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a query is read from the index. The <em>driver</em> is the constrained dimension touching the
 * fewest buckets: its buckets are fetched and their entries become the candidates. A second
 * constrained dimension that touches at most {@link #MAX_FILTER_BUCKETS} buckets is the
 * <em>filter</em>: its digests are read alongside the driver's buckets, and their Bloom filters
 * (united across its buckets) are intersected with the driver's candidates before any signature is
 * checked, while an empty filter dimension empties the result. A query that constrains no indexed
 * dimension scans every bucket of {@link Dimension#CPU}, which every offer is filed under.
 *
 * @param empty true if some dimension's predicates contradict each other: nothing can match
 */
record Plan(BucketScan driver, Optional<BucketScan> filter, boolean empty) {
  /** Filter dimensions cost a digest per bucket; beyond this many they are not worth it. */
  static final int MAX_FILTER_BUCKETS = 3;

  static Plan of(List<Predicate> predicates) {
    Map<Dimension, SortKeyRanges> allowed = new EnumMap<>(Dimension.class);
    for (Predicate p : predicates) {
      Dimension d = Dimension.of(p.attribute());
      if (d != null) {
        SortKeyRanges ranges = SortKeyRanges.of(p, d.scale());
        allowed.merge(d, ranges, SortKeyRanges::intersect);
      }
    }
    List<BucketScan> scans = new ArrayList<>();
    boolean empty = false;
    for (Map.Entry<Dimension, SortKeyRanges> e : allowed.entrySet()) {
      if (e.getValue().isAll()) {
        continue;
      }
      BucketScan scan = BucketScan.of(e.getKey(), e.getValue());
      empty |= scan.buckets().isEmpty();
      scans.add(scan);
    }
    scans.sort(Comparator.comparingInt((BucketScan s) -> s.buckets().size()));
    if (scans.isEmpty()) {
      return new Plan(BucketScan.of(Dimension.CPU, SortKeyRanges.ALL), Optional.empty(), false);
    }
    Optional<BucketScan> filter =
        scans.size() > 1 && scans.get(1).buckets().size() <= MAX_FILTER_BUCKETS
            ? Optional.of(scans.get(1))
            : Optional.empty();
    return new Plan(scans.get(0), filter, empty);
  }

  /** True if both plans read the same buckets the same way (their reads can be shared). */
  boolean sameReads(Plan other) {
    return empty == other.empty
        && same(driver, other.driver)
        && filter.isPresent() == other.filter.isPresent()
        && (filter.isEmpty() || same(filter.get(), other.filter.get()));
  }

  private static boolean same(BucketScan a, BucketScan b) {
    if (a.dimension() != b.dimension() || !a.buckets().equals(b.buckets())) {
      return false;
    }
    List<long[]> x = a.ranges().intervals();
    List<long[]> y = b.ranges().intervals();
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!java.util.Arrays.equals(x.get(i), y.get(i))) {
        return false;
      }
    }
    return true;
  }
}
