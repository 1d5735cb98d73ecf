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
 * @param refusals nodes that refused it, by reason (absent reasons mean zero)
 * @param stats what the call cost
 */
public record PutResult(
    DhtKey key, long sequence, int stored, Map<StoreOutcome, Integer> refusals, LookupStats stats) {
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
}
