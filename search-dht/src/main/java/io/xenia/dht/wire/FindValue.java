package io.xenia.dht.wire;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.NodeId;
import java.util.Optional;

/**
 * FIND_VALUE: the entries the responder holds at {@code location} and {@code domain} (only the one
 * with {@code content}, if given), or with {@code digestOnly} just their {@link
 * io.xenia.dht.Digest}; a responder that holds none answers with closer peers instead. Answered by
 * {@link Values}.
 *
 * @param inlineLimit with {@code digestOnly}: also return the entries when there are at most this
 *     many (0 for never), which saves a second round trip for small buckets
 */
public record FindValue(
    long requestId,
    NodeId location,
    NodeId domain,
    Optional<NodeId> content,
    boolean digestOnly,
    int inlineLimit)
    implements Request {
  /** Checks presence and range. */
  public FindValue {
    requireNonNull(location, "location is null");
    requireNonNull(domain, "domain is null");
    requireNonNull(content, "content is null");
    if (inlineLimit < 0) {
      throw new IllegalArgumentException("inlineLimit must not be negative");
    }
  }
}
