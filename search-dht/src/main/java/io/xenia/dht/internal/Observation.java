package io.xenia.dht.internal;

import static java.util.Objects.requireNonNull;

/**
 * What {@link RoutingTable#observe} did with a contact. A sealed set of values; thread-safe.
 *
 * <p>Only {@link BucketFull} asks something of the caller: ping {@link BucketFull#head()}, then
 * either {@link RoutingTable#observe} it again if it answered (it moves to the tail and the new
 * contact is dropped) or {@link RoutingTable#evict} it in favour of the new contact if it did not.
 */
public sealed interface Observation {
  /** The contact was new and its bucket had room: it is now the bucket's tail. */
  record Added(Contact contact) implements Observation {}

  /** The contact was known: its address and time were updated and it moved to the tail. */
  record Refreshed(Contact contact) implements Observation {}

  /**
   * The contact was new but its bucket holds k contacts: it was not added. {@code head} is the
   * least-recently-seen contact of that bucket, which the caller must ping before any eviction.
   */
  record BucketFull(Contact candidate, Contact head) implements Observation {
    /** Checks that both contacts are present. */
    public BucketFull {
      requireNonNull(candidate, "candidate is null");
      requireNonNull(head, "head is null");
    }
  }

  /** The contact has the table's own id; a node never routes to itself. */
  record IgnoredSelf(Contact contact) implements Observation {}
}
