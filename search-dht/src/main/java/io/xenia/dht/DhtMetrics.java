package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A snapshot of one node's counters.
 *
 * @param routingTableSize contacts in the routing table
 * @param storedEntries entries (values and tombstones) held for others and itself
 * @param requestsReceived requests answered
 * @param requestsSent requests sent, retries included
 * @param timeouts requests that got no answer after all retries
 * @param refusedStores entries refused by this node, by reason (forged, stale, not owner, ...)
 * @param forgedReceived entries in responses whose signature failed (dropped by the requester)
 */
public record DhtMetrics(
    int routingTableSize,
    int storedEntries,
    long requestsReceived,
    long requestsSent,
    long timeouts,
    Map<StoreOutcome, Long> refusedStores,
    long forgedReceived) {
  /** Copies the map. */
  public DhtMetrics {
    refusedStores = Map.copyOf(requireNonNull(refusedStores, "refusedStores is null"));
  }

  /** Refusals of one reason. */
  public long refused(StoreOutcome outcome) {
    return refusedStores.getOrDefault(outcome, 0L);
  }
}
