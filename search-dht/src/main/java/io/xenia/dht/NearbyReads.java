package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link DhtNode#readNearby}: per location asked, in order, the live entries (as a
 * {@link GetResult} would hold them) when this node is among the location's holders and read it
 * nearby, or empty when it is not (read those with {@link DhtNode#get}); and what it all cost.
 */
public record NearbyReads(List<Optional<List<Entry>>> entries, LookupStats stats) {
  /** Copies the lists. */
  public NearbyReads {
    entries = entries.stream().map(o -> o.map(List::copyOf)).toList();
    requireNonNull(stats, "stats is null");
  }
}
