package io.xenia.dht.wire;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.Digest;
import io.xenia.dht.Entry;
import io.xenia.dht.PeerAddress;
import io.xenia.dht.vivaldi.Coordinate;
import java.util.List;
import java.util.Optional;

/**
 * The answer to {@link FindValue}: the matching entries the responder holds (tombstones included,
 * so a requester merging several answers sees removals), the digest if one was asked for, and the
 * peers it knows closest to the location (so a lookup that found nothing here goes on).
 *
 * @param found true if the responder holds the location and domain (even with zero live entries
 *     after removals), which ends a value lookup
 */
public record Values(
    long requestId,
    Coordinate coordinate,
    boolean found,
    List<Entry> entries,
    Optional<Digest> digest,
    List<PeerAddress> closer)
    implements Response {
  /** Copies the lists. */
  public Values {
    requireNonNull(coordinate, "coordinate is null");
    requireNonNull(digest, "digest is null");
    entries = List.copyOf(entries);
    closer = List.copyOf(closer);
  }
}
