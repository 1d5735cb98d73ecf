package io.xenia.broker.offers;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.DhtNode;
import io.xenia.dht.index.SearchIndex;
import java.time.Clock;
import java.util.Currency;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The offer indexes over this broker's DHT node, one per currency (an index holds offers priced in
 * one currency; docs/search-index.md), made on first use. Thread-safe.
 */
public final class OfferIndexes {
  private final DhtNode node;
  private final Clock clock;
  private final Map<Currency, SearchIndex> indexes = new ConcurrentHashMap<>();

  public OfferIndexes(DhtNode node, Clock clock) {
    this.node = requireNonNull(node, "node is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** The index of offers priced in {@code currency}. */
  public SearchIndex of(Currency currency) {
    return indexes.computeIfAbsent(currency, c -> SearchIndex.create(node, c, clock));
  }

  /** Peers in the node's routing table: 0 means it reaches nobody. */
  public int peers() {
    return node.metrics().routingTableSize();
  }
}
