package io.xenia.dht.index;

import io.xenia.dht.query.Attribute;
import io.xenia.protocol.records.Advertisement;
import java.util.function.ToLongFunction;

/**
 * The attributes the index files offers under, each with fixed, order-preserving bucket boundaries
 * and the value an advertisement files as its sort key (in the attribute's canonical unit; price in
 * micro-units of the index currency, so never floating point). Other attributes are not indexed and
 * are only filtered exactly.
 *
 * <p>Boundaries are hand-picked for machine sizes and prices rather than derived from data: every
 * node must agree on them without coordination, and about 20 buckets keep a one-sided range such as
 * {@code cpu>=16} to a handful of lookups while a narrow range touches one or two.
 */
enum Dimension {
  PRICE(
      Attribute.PRICE,
      a -> a.prices().perHour().micros(),
      1_000_000L,
      new long[] {
        0,
        50_000,
        100_000,
        150_000,
        200_000,
        300_000,
        400_000,
        500_000,
        600_000,
        800_000,
        1_000_000,
        1_250_000,
        1_500_000,
        2_000_000,
        2_500_000,
        3_000_000,
        4_000_000,
        5_000_000,
        7_500_000,
        10_000_000,
        20_000_000,
        50_000_000
      }),
  CPU(
      Attribute.CPU,
      a -> a.available().cpuCores(),
      1,
      new long[] {0, 1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512}),
  MEM(
      Attribute.MEM,
      a -> a.available().memoryMiB(),
      1,
      gib(0, 1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048)),
  GPU_COUNT(
      Attribute.GPU_COUNT, a -> a.available().gpuCount(), 1, new long[] {0, 1, 2, 3, 4, 6, 8, 16});

  private final Attribute attribute;
  private final ToLongFunction<Advertisement> value;
  private final long scale;
  private final long[] lowerBounds;

  Dimension(
      Attribute attribute, ToLongFunction<Advertisement> value, long scale, long[] lowerBounds) {
    this.attribute = attribute;
    this.value = value;
    this.scale = scale;
    this.lowerBounds = lowerBounds;
  }

  private static long[] gib(long... gib) {
    long[] mib = new long[gib.length];
    for (int i = 0; i < gib.length; i++) {
      mib[i] = gib[i] * 1024;
    }
    return mib;
  }

  /** The query attribute this dimension indexes. */
  Attribute attribute() {
    return attribute;
  }

  /**
   * How many sort-key units make one canonical query unit (a million for price, whose sort key is
   * in micro-units; 1 elsewhere).
   */
  long scale() {
    return scale;
  }

  /** The advertisement's sort key in this dimension. */
  long sortKey(Advertisement ad) {
    return value.applyAsLong(ad);
  }

  /** Number of buckets. */
  int buckets() {
    return lowerBounds.length;
  }

  /** The bucket holding a sort key: the last one whose lower bound is at most the key. */
  int bucketOf(long sortKey) {
    int b = 0;
    while (b + 1 < lowerBounds.length && lowerBounds[b + 1] <= sortKey) {
      b++;
    }
    return b;
  }

  /** The smallest sort key of a bucket. */
  long low(int bucket) {
    return bucket == 0 ? Long.MIN_VALUE : lowerBounds[bucket];
  }

  /** The largest sort key of a bucket. */
  long high(int bucket) {
    return bucket + 1 == lowerBounds.length ? Long.MAX_VALUE : lowerBounds[bucket + 1] - 1;
  }

  /** The dimension indexing an attribute, if any. */
  static Dimension of(Attribute attribute) {
    for (Dimension d : values()) {
      if (d.attribute == attribute) {
        return d;
      }
    }
    return null;
  }
}
