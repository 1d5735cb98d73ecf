package io.xenia.dht.index;

import io.xenia.dht.query.Compare;
import io.xenia.dht.query.OneOf;
import io.xenia.dht.query.Predicate;
import io.xenia.dht.query.Value;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A union of inclusive sort-key intervals: what a dimension's predicates allow, widened to whole
 * sort-key units so that it is never narrower than the exact predicates (the exact filter that
 * follows removes the rest). Immutable.
 */
record SortKeyRanges(List<long[]> intervals) {
  static final SortKeyRanges ALL =
      new SortKeyRanges(List.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}));
  static final SortKeyRanges NONE = new SortKeyRanges(List.of());

  boolean isAll() {
    return intervals.size() == 1
        && intervals.get(0)[0] == Long.MIN_VALUE
        && intervals.get(0)[1] == Long.MAX_VALUE;
  }

  boolean isEmpty() {
    return intervals.isEmpty();
  }

  /** True if some interval meets {@code [low, high]}. */
  boolean overlaps(long low, long high) {
    for (long[] i : intervals) {
      if (i[0] <= high && i[1] >= low) {
        return true;
      }
    }
    return false;
  }

  /** True if one interval contains all of {@code [low, high]}. */
  boolean covers(long low, long high) {
    for (long[] i : intervals) {
      if (i[0] <= low && i[1] >= high) {
        return true;
      }
    }
    return false;
  }

  /** True if the sort key lies in some interval. */
  boolean contains(long sortKey) {
    return overlaps(sortKey, sortKey);
  }

  /** The keys both allow. */
  SortKeyRanges intersect(SortKeyRanges other) {
    List<long[]> out = new ArrayList<>();
    for (long[] a : intervals) {
      for (long[] b : other.intervals) {
        long lo = Math.max(a[0], b[0]);
        long hi = Math.min(a[1], b[1]);
        if (lo <= hi) {
          out.add(new long[] {lo, hi});
        }
      }
    }
    return new SortKeyRanges(List.copyOf(out));
  }

  /** What one predicate on a numeric dimension allows, in sort-key units of {@code scale}. */
  static SortKeyRanges of(Predicate predicate, long scale) {
    if (predicate instanceof Compare c && c.value() instanceof Value.Num num) {
      BigDecimal x = num.amount().multiply(BigDecimal.valueOf(scale));
      return switch (c.op()) {
        case GE -> from(ceil(x));
        case GT -> from(saturatedAdd(floor(x), 1));
        case LE -> upTo(floor(x));
        case LT -> upTo(saturatedAdd(ceil(x), -1));
        case EQ -> point(x);
        case NE -> ALL;
      };
    }
    if (predicate instanceof OneOf oneOf) {
      List<long[]> out = new ArrayList<>();
      for (Value v : oneOf.values()) {
        if (v instanceof Value.Num num) {
          out.addAll(point(num.amount().multiply(BigDecimal.valueOf(scale))).intervals);
        }
      }
      return new SortKeyRanges(List.copyOf(out));
    }
    return ALL;
  }

  private static SortKeyRanges from(long low) {
    return new SortKeyRanges(List.of(new long[] {low, Long.MAX_VALUE}));
  }

  private static SortKeyRanges upTo(long high) {
    return high < 0 ? NONE : new SortKeyRanges(List.of(new long[] {Long.MIN_VALUE, high}));
  }

  private static SortKeyRanges point(BigDecimal x) {
    if (x.stripTrailingZeros().scale() > 0) {
      return NONE; // no whole sort key equals a fraction of a unit
    }
    long v = clamp(x);
    return new SortKeyRanges(List.of(new long[] {v, v}));
  }

  private static long ceil(BigDecimal x) {
    return clamp(x.setScale(0, RoundingMode.CEILING));
  }

  private static long floor(BigDecimal x) {
    return clamp(x.setScale(0, RoundingMode.FLOOR));
  }

  private static long clamp(BigDecimal x) {
    if (x.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
      return Long.MAX_VALUE;
    }
    return x.longValueExact();
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : r;
  }
}
