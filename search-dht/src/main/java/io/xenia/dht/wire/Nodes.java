package io.xenia.dht.wire;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.PeerAddress;
import io.xenia.dht.vivaldi.Coordinate;
import java.util.List;

/** The answer to {@link FindNode}: up to k peers, closest to the target first. */
public record Nodes(long requestId, Coordinate coordinate, List<PeerAddress> peers)
    implements Response {
  /** Copies the list. */
  public Nodes {
    requireNonNull(coordinate, "coordinate is null");
    peers = List.copyOf(peers);
  }
}
