package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * Where a DHT node can be reached: its id and its UDP (and TCP) socket address. The TomP2P name for
 * what Kademlia calls a contact triple.
 *
 * <p>A value; thread-safe. In simulation the address is a synthetic one of the simulated network.
 */
public record PeerAddress(NodeId id, InetSocketAddress address) {
  /** Checks that both parts are present. */
  public PeerAddress {
    requireNonNull(id, "id is null");
    requireNonNull(address, "address is null");
  }
}
