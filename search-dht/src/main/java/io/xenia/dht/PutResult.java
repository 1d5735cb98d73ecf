package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The outcome of a put, add or remove: how many of the nodes closest to the location stored the
 * entry and why the others refused it.
 *
 * @param key where the entry went
 * @param sequence the entry's sequence number (the next write by the same owner must exceed it)
 * @param stored nodes that accepted it
 * @param holders nodes that should hold it: the k closest the lookup found (this node included when
 *     it is one of them), and at least as many as the routing table held before the lookup (up to
 *     k), so peers that timed out during the lookup count as missed; {@code holders - stored}
 *     refused it or never answered
 * @param refusals nodes that refused it, by reason (absent reasons mean zero)
 * @param stats what the call cost
 */
public record PutResult(
    DhtKey key,
    long sequence,
    int stored,
    int holders,
    Map<StoreOutcome, Integer> refusals,
    LookupStats stats) {
  /** Copies the map. */
  public PutResult {
    requireNonNull(key, "key is null");
    refusals = Map.copyOf(refusals);
    requireNonNull(stats, "stats is null");
  }

  /** True if at least one node stored the entry. */
  public boolean isSuccess() {
    return stored > 0;
  }

  /** Holders that answered, accepting or refusing; the others never answered. */
  public int answered() {
    int n = stored;
    for (int r : refusals.values()) {
      n += r;
    }
    return n;
  }

  /**
   * True if more than half of the holders answered (accepted or refused the entry): a reader
   * merging any two of them, or its own copy and one other, then more likely than not meets the
   * entry's fate even before replication repairs the rest. Whether anyone accepted is {@link
   * #isSuccess()}.
   */
  public boolean reachedMajority() {
    return answered() > holders / 2;
  }
}
