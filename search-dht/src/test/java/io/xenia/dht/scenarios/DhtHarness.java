package io.xenia.dht.scenarios;

import io.xenia.dht.DhtNode;
import java.util.concurrent.CompletableFuture;

/**
 * A running network of DHT nodes for {@link DhtScenarios}: simulated (virtual time) or real UDP
 * sockets on 127.0.0.1.
 */
interface DhtHarness extends AutoCloseable {
  /** The node at an index (0 is the bootstrap seed). */
  DhtNode node(int index);

  /** How many nodes were started. */
  int size();

  /** Waits for a future: drives virtual time in simulation, blocks with a timeout on sockets. */
  <T> T await(CompletableFuture<T> future);

  /** The nodes' wall clock in epoch milliseconds (virtual in simulation). */
  long nowMillis();

  /** Crashes a node without goodbye. */
  void kill(int index);

  @Override
  void close();
}
