package io.xenia.dht.internal;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.NodeId;
import java.net.InetSocketAddress;

/**
 * A node known to a routing table: its id, where it was last reached, and when ({@link
 * System#nanoTime()} scale, or a simulated clock in tests).
 *
 * <p>A value; thread-safe. Equality includes the address and time, so tables compare contacts by
 * {@link #id()}.
 */
public record Contact(NodeId id, InetSocketAddress address, long lastSeenNanos) {
  /** Checks that the id and address are present. */
  public Contact {
    requireNonNull(id, "id is null");
    requireNonNull(address, "address is null");
  }
}
