package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a digest lookup: the summary of a location and domain merged over the first two
 * nodes found holding it (and the requester's own copy), the entries too when every responder had
 * few enough to inline, and the first responder (so a caller can fetch the entries from it directly
 * with {@link DhtNode#getFrom}).
 *
 * @param digest the summary; {@link Digest#empty()} if no node holds the location. When the entries
 *     were inlined it is computed from their merge (exact); otherwise it unites the responders'
 *     digests (Bloom filters and ranges united, the largest count)
 * @param inlined the live entries if every responder inlined them, else empty
 * @param complete true if {@code inlined} holds every live entry (no second fetch is needed)
 * @param source the first responder, if any node held the location
 */
public record DigestResult(
    Digest digest,
    List<Entry> inlined,
    boolean complete,
    Optional<PeerAddress> source,
    LookupStats stats) {
  /** Copies the list. */
  public DigestResult {
    requireNonNull(digest, "digest is null");
    inlined = List.copyOf(inlined);
    requireNonNull(source, "source is null");
    requireNonNull(stats, "stats is null");
  }
}
