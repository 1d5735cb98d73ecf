package io.xenia.dht.transport.sim;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtNode;
import io.xenia.dht.NodeId;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Many {@link DhtNode}s on one {@link SimNetwork}, joined one after another through the first, with
 * keys drawn from the seed so that a run is reproducible. For tests and benchmarks.
 *
 * <p>Not thread-safe, like the network.
 */
public final class SimCluster {
  private final SimNetwork network;
  private final DhtConfig config;
  private final Random random;
  private final List<DhtNode> nodes = new ArrayList<>();
  private final List<SimTransport> transports = new ArrayList<>();

  /** An empty cluster. */
  public SimCluster(long seed, DhtConfig config) {
    this.network = new SimNetwork(seed);
    this.config = config;
    this.random = new Random(seed * 31 + 7);
  }

  /** Adds {@code count} nodes, each bootstrapping from the first live node. */
  public SimCluster grow(int count) {
    for (int i = 0; i < count; i++) {
      add();
    }
    return this;
  }

  /** Adds one node and waits (in virtual time) for its bootstrap. */
  public DhtNode add() {
    byte[] seed = new byte[Ed25519KeyPair.SEED_LENGTH];
    random.nextBytes(seed);
    Ed25519KeyPair key = Ed25519KeyPair.fromSeed(seed);
    SimTransport transport = network.join(NodeId.of(key.publicKey()));
    DhtNode node = DhtNode.create(config, key, transport, transport.scheduler());
    DhtNode seedNode = firstLive();
    nodes.add(node);
    transports.add(transport);
    if (seedNode != null) {
      network.await(node.bootstrap(List.of(seedNode.peerAddress().address())));
    }
    return node;
  }

  private DhtNode firstLive() {
    for (int i = 0; i < nodes.size(); i++) {
      if (transports.get(i).isAlive()) {
        return nodes.get(i);
      }
    }
    return null;
  }

  /** The network, to drive time and read counters. */
  public SimNetwork network() {
    return network;
  }

  /** Every node ever added, dead ones included, in order of joining. */
  public List<DhtNode> nodes() {
    return List.copyOf(nodes);
  }

  /** The node at an index. */
  public DhtNode node(int index) {
    return nodes.get(index);
  }

  /** True if the node at the index has not been killed. */
  public boolean isAlive(int index) {
    return transports.get(index).isAlive();
  }

  /** Crashes the node at the index: no goodbye, no repair. */
  public void kill(int index) {
    transports.get(index).kill();
  }

  /** Number of nodes ever added. */
  public int size() {
    return nodes.size();
  }
}
