package io.xenia.dht.wire;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.NodeId;
import java.util.List;

/**
 * FIND_DIGESTS: the {@link io.xenia.dht.Digest} of each of several locations in one domain, from a
 * node that holds them all (a search reads a dozen index buckets, and in a small network, or near
 * their keys, one peer holds every one). Answered by {@link Digests}, in the same order.
 */
public record FindDigests(long requestId, List<NodeId> locations, NodeId domain)
    implements Request {
  /** The most locations one request asks for. */
  public static final int MAX_LOCATIONS = 64;

  /** Copies the list; checks its size. */
  public FindDigests {
    locations = List.copyOf(locations);
    requireNonNull(domain, "domain is null");
    if (locations.isEmpty() || locations.size() > MAX_LOCATIONS) {
      throw new IllegalArgumentException(
          "1.." + MAX_LOCATIONS + " locations per FIND_DIGESTS, got " + locations.size());
    }
  }
}
