package io.xenia.dht.index;

import io.xenia.dht.DhtKey;
import io.xenia.dht.DhtNode;
import io.xenia.dht.Entry;
import io.xenia.dht.GetResult;
import io.xenia.dht.LookupStats;
import io.xenia.dht.vivaldi.Coordinate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinates of the hosts a search measures from ({@code near=}, {@code rtt(...)}), read from
 * the coordinate records hosts publish beside their offers. A record counts only if the host's own
 * key stored it.
 */
final class References {
  /** The coordinates by host id, and what reading them cost. */
  record Found(Map<String, Coordinate> coordinates, LookupStats stats) {}

  private final DhtNode node;

  References(DhtNode node) {
    this.node = node;
  }

  /**
   * Looks the hosts up in parallel.
   *
   * @return a future failing with {@link NoSuchElementException} if a host published no coordinate
   */
  CompletableFuture<Found> lookup(List<String> hostIds) {
    List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(hostIds));
    List<CompletableFuture<GetResult>> gets = new ArrayList<>();
    for (String host : distinct) {
      DhtKey key = IndexKeys.coordinate(host);
      gets.add(node.get(key.location(), key.domain()).content(key.content()).nearby().start());
    }
    return CompletableFuture.allOf(gets.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              Map<String, Coordinate> out = new LinkedHashMap<>();
              List<LookupStats> costs = new ArrayList<>();
              for (int i = 0; i < distinct.size(); i++) {
                GetResult r = gets.get(i).join();
                costs.add(r.stats());
                for (Entry e : r.entries()) {
                  if (e.owner().fingerprint().equals(distinct.get(i))) {
                    try {
                      out.put(distinct.get(i), IndexRecord.decode(e.value()).coordinate());
                    } catch (IllegalArgumentException malformed) {
                      // a garbled record is as good as none
                    }
                  }
                }
                if (!out.containsKey(distinct.get(i))) {
                  throw new NoSuchElementException(
                      "host " + distinct.get(i) + " has published no coordinate to measure from");
                }
              }
              return new Found(out, Costs.parallel(costs));
            });
  }
}
