package io.xenia.broker.search;

import java.time.Duration;

/**
 * Exponential backoff between {@code min} and {@code max}: each failure doubles the wait, up to
 * {@code max}; a success starts again at {@code min}. Not thread-safe (one owner thread).
 */
final class Backoff {
  private final Duration min;
  private final Duration max;
  private Duration next;

  Backoff(Duration min, Duration max) {
    this.min = min;
    this.max = max;
    this.next = min;
  }

  /** The wait after this failure; the one after the next failure is twice as long (at most max). */
  Duration failed() {
    Duration wait = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return wait;
  }

  /** Back to the shortest wait. */
  void reset() {
    next = min;
  }
}
