package io.xenia.dht.index;

import java.util.List;

/**
 * The buckets of one dimension a query must read: those that overlap the allowed sort keys, and
 * which of them the allowed keys cover entirely (those need no min/max check first).
 */
record BucketScan(
    Dimension dimension, SortKeyRanges ranges, List<Integer> buckets, List<Integer> covered) {
  static BucketScan of(Dimension dimension, SortKeyRanges ranges) {
    List<Integer> buckets = new java.util.ArrayList<>();
    List<Integer> covered = new java.util.ArrayList<>();
    for (int b = 0; b < dimension.buckets(); b++) {
      if (ranges.overlaps(dimension.low(b), dimension.high(b))) {
        buckets.add(b);
        if (ranges.covers(dimension.low(b), dimension.high(b))) {
          covered.add(b);
        }
      }
    }
    return new BucketScan(dimension, ranges, List.copyOf(buckets), List.copyOf(covered));
  }
}
