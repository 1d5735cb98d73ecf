package io.xenia.dht.transport.udp;

/**
 * The sliding replay window of one receiving direction of a session (RFC 4303 §3.4.3 style): the
 * highest counter seen and a bitmap of the {@link #SIZE} counters below it. A counter is fresh if
 * it is above the highest or inside the window and not yet seen; anything older is refused, so a
 * replay is dropped even after the window has moved on.
 *
 * <p>Only call {@link #accept} after the MAC verified, or a forger could move the window. Owned by
 * the event loop; not thread-safe.
 */
final class ReplayWindow {
  /** Counters remembered below the highest: reordering deeper than this drops packets. */
  static final int SIZE = 1024;

  private final long[] bits = new long[SIZE / 64];
  private long highest = -1;

  /** True (and remembered) if the counter has not been seen and is not too old. */
  boolean accept(long counter) {
    if (counter < 0) {
      return false;
    }
    if (counter > highest) {
      advance(counter - highest);
      highest = counter;
      set(0);
      return true;
    }
    long age = highest - counter;
    if (age >= SIZE || isSet((int) age)) {
      return false;
    }
    set((int) age);
    return true;
  }

  /** Shifts the bitmap so that bit i (age i) becomes bit i + shift. */
  private void advance(long shift) {
    if (shift >= SIZE) {
      java.util.Arrays.fill(bits, 0);
      return;
    }
    int words = (int) (shift >>> 6);
    int rest = (int) (shift & 63);
    for (int i = bits.length - 1; i >= 0; i--) {
      int from = i - words;
      long value = from >= 0 ? bits[from] << rest : 0;
      if (rest != 0 && from - 1 >= 0) {
        value |= bits[from - 1] >>> (64 - rest);
      }
      bits[i] = value;
    }
  }

  private boolean isSet(int age) {
    return (bits[age >>> 6] & (1L << (age & 63))) != 0;
  }

  private void set(int age) {
    bits[age >>> 6] |= 1L << (age & 63);
  }
}
