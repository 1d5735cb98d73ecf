package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A Bloom filter over {@link NodeId}-shaped keys (already uniform SHA-256 output, so the hash
 * functions are slices of the key rather than fresh hashes). Used in {@link Digest}s so that a
 * query can intersect and union candidate sets across dimensions before fetching anything.
 *
 * <p>Filters combine only when they have the same size and hash count. Mutable and not thread-safe
 * while being filled; treat a filter as a value once it is sent or merged.
 */
public final class BloomFilter {
  /** Bits in the default filter: 2,048 bits (256 bytes) keep ~2 % false positives at 200 keys. */
  public static final int DEFAULT_BITS = 2048;

  /** Hash functions in the default filter. */
  public static final int DEFAULT_HASHES = 4;

  private final long[] words;
  private final int hashes;

  private BloomFilter(long[] words, int hashes) {
    this.words = words;
    this.hashes = hashes;
  }

  /** An empty filter of {@code bits} bits (a positive multiple of 64) and {@code hashes} hashes. */
  public static BloomFilter empty(int bits, int hashes) {
    if (bits <= 0 || bits % 64 != 0 || bits > 1 << 20) {
      throw new IllegalArgumentException("bits must be a positive multiple of 64, at most 2^20");
    }
    if (hashes < 1 || hashes > 8) {
      throw new IllegalArgumentException("hashes must be in 1..8");
    }
    return new BloomFilter(new long[bits / 64], hashes);
  }

  /** An empty filter of the default shape. */
  public static BloomFilter empty() {
    return empty(DEFAULT_BITS, DEFAULT_HASHES);
  }

  /** A filter from its wire form ({@link #toLongs()}). */
  public static BloomFilter fromLongs(long[] words, int hashes) {
    BloomFilter filter = empty(words.length * 64, hashes);
    System.arraycopy(words, 0, filter.words, 0, words.length);
    return filter;
  }

  /** Adds a key. */
  public void add(NodeId key) {
    requireNonNull(key, "key is null");
    for (int i = 0; i < hashes; i++) {
      int bit = bit(key, i);
      words[bit >>> 6] |= 1L << (bit & 63);
    }
  }

  /** False if the key was certainly never added; true if it probably was. */
  public boolean mightContain(NodeId key) {
    for (int i = 0; i < hashes; i++) {
      int bit = bit(key, i);
      if ((words[bit >>> 6] & (1L << (bit & 63))) == 0) {
        return false;
      }
    }
    return true;
  }

  /** The union: a key added to either filter might be in the result. */
  public BloomFilter or(BloomFilter other) {
    requireSameShape(other);
    long[] result = words.clone();
    for (int i = 0; i < result.length; i++) {
      result[i] |= other.words[i];
    }
    return new BloomFilter(result, hashes);
  }

  /**
   * An over-approximation of the intersection: a key in both sets is always in the result (a key in
   * only one may be too, which the exact filter that follows removes).
   */
  public BloomFilter and(BloomFilter other) {
    requireSameShape(other);
    long[] result = words.clone();
    for (int i = 0; i < result.length; i++) {
      result[i] &= other.words[i];
    }
    return new BloomFilter(result, hashes);
  }

  /** Bits in the filter. */
  public int bits() {
    return words.length * 64;
  }

  /** Hash functions per key. */
  public int hashes() {
    return hashes;
  }

  /** The filter's bits for the wire. */
  public long[] toLongs() {
    return words.clone();
  }

  private void requireSameShape(BloomFilter other) {
    if (other.words.length != words.length || other.hashes != hashes) {
      throw new IllegalArgumentException("Bloom filters of different shapes cannot be combined");
    }
  }

  // Hash i takes bytes 4i..4i+3 of the key: independent because the key is a SHA-256 output.
  private int bit(NodeId key, int i) {
    int h =
        (key.byteAt(4 * i) << 24)
            | (key.byteAt(4 * i + 1) << 16)
            | (key.byteAt(4 * i + 2) << 8)
            | key.byteAt(4 * i + 3);
    return Math.floorMod(h, bits());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BloomFilter b && b.hashes == hashes && Arrays.equals(b.words, words);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(words) * 31 + hashes;
  }
}
