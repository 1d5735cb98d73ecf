package io.xenia.dht.internal;

import io.xenia.dht.StoreOutcome;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A node's counters. Written only by the node's thread, read by any thread for {@link
 * io.xenia.dht.DhtMetrics}, hence atomics (plain writes from one thread, visible reads elsewhere).
 */
final class Counters {
  final AtomicLong requestsReceived = new AtomicLong();
  final AtomicLong requestsSent = new AtomicLong();
  final AtomicLong timeouts = new AtomicLong();
  final AtomicLong forgedReceived = new AtomicLong();
  private final AtomicLongArray refused = new AtomicLongArray(StoreOutcome.values().length);

  void refused(StoreOutcome outcome) {
    refused.incrementAndGet(outcome.ordinal());
  }

  Map<StoreOutcome, Long> refusals() {
    Map<StoreOutcome, Long> map = new EnumMap<>(StoreOutcome.class);
    for (StoreOutcome outcome : StoreOutcome.values()) {
      long n = refused.get(outcome.ordinal());
      if (n > 0) {
        map.put(outcome, n);
      }
    }
    return map;
  }
}
