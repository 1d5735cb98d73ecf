package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The outcome of a FIND_NODE lookup: the k closest live peers found, closest first. */
public record NodesResult(List<PeerAddress> peers, LookupStats stats) {
  /** Copies the list. */
  public NodesResult {
    peers = List.copyOf(peers);
    requireNonNull(stats, "stats is null");
  }
}
