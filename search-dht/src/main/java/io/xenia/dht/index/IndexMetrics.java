package io.xenia.dht.index;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one {@link SearchIndex}: advertisements refused on publish and bucket entries refused
 * on read, by reason. Thread-safe (atomic counters); {@link #snapshot()} is a copy.
 */
public final class IndexMetrics {
  private final AtomicLongArray publishRefusals = new AtomicLongArray(Refusal.values().length);
  private final AtomicLongArray readRefusals = new AtomicLongArray(Refusal.values().length);

  void refusedPublish(Refusal reason) {
    publishRefusals.incrementAndGet(reason.ordinal());
  }

  void refusedRead(Refusal reason) {
    readRefusals.incrementAndGet(reason.ordinal());
  }

  /** Publishes refused for a reason. */
  public long publishRefused(Refusal reason) {
    return publishRefusals.get(reason.ordinal());
  }

  /** Bucket entries dropped on read for a reason. */
  public long readRefused(Refusal reason) {
    return readRefusals.get(reason.ordinal());
  }

  /** All non-zero counters, publish and read refusals summed, by reason. */
  public Map<Refusal, Long> snapshot() {
    Map<Refusal, Long> out = new EnumMap<>(Refusal.class);
    for (Refusal r : Refusal.values()) {
      long n = publishRefused(r) + readRefused(r);
      if (n > 0) {
        out.put(r, n);
      }
    }
    return out;
  }
}
