package io.xenia.dht.wire;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.Digest;
import io.xenia.dht.vivaldi.Coordinate;
import java.util.List;
import java.util.Optional;

/**
 * The answer to {@link FindDigests}: per location asked, in order, the responder's digest, or empty
 * if it holds nothing there.
 */
public record Digests(long requestId, Coordinate coordinate, List<Optional<Digest>> digests)
    implements Response {
  /** Copies the list. */
  public Digests {
    requireNonNull(coordinate, "coordinate is null");
    digests = List.copyOf(digests);
    if (digests.size() > FindDigests.MAX_LOCATIONS) {
      throw new IllegalArgumentException("too many digests: " + digests.size());
    }
  }
}
