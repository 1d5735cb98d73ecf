package io.xenia.dht.internal;

import io.xenia.dht.LookupStats;
import io.xenia.dht.NodeId;
import java.util.HashSet;
import java.util.Set;

/** Accumulates the cost of one DHT call while it runs. Owned by the node's thread. */
final class CallStats {
  private final long startNanos;
  private final Set<NodeId> contacted = new HashSet<>();
  private int messages;
  private int failed;
  private int rounds;

  CallStats(long startNanos) {
    this.startNanos = startNanos;
  }

  void sent(NodeId peer) {
    messages++;
    if (peer != null) {
      contacted.add(peer);
    }
  }

  void resent() {
    messages++;
  }

  void received() {
    messages++;
  }

  void failed() {
    failed++;
  }

  void reachedRound(int round) {
    rounds = Math.max(rounds, round);
  }

  LookupStats toStats(long nowNanos) {
    return new LookupStats(rounds, messages, contacted.size(), failed, nowNanos - startNanos);
  }

  LookupStats plus(LookupStats earlier, long nowNanos) {
    return earlier.plus(toStats(nowNanos));
  }
}
