package io.xenia.dht;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.internal.NodeCore;
import io.xenia.dht.transport.Scheduler;
import io.xenia.dht.transport.Transport;
import io.xenia.dht.vivaldi.Coordinate;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Kademlia DHT node with a TomP2P-shaped API: put, add, get, remove and digest as builders whose
 * {@code start()} returns a {@link CompletableFuture} that also reports the call's {@link
 * LookupStats}.
 *
 * <p>Threading: every method may be called from any thread; the work runs on the node's {@link
 * Scheduler} thread, which also completes the futures. Callbacks attached to the futures run on
 * that thread and must not block it (in simulation that thread is the simulator's, and blocking
 * would stop time). Lifecycle: create, {@link #bootstrap}, use, {@link #close}.
 */
public final class DhtNode implements AutoCloseable {
  private final NodeCore core;
  private final Ed25519KeyPair key;

  private DhtNode(NodeCore core, Ed25519KeyPair key) {
    this.core = core;
    this.key = key;
  }

  /**
   * A node with the given key (its id is {@code NodeId.of(key.publicKey())}), talking through the
   * transport on the scheduler's thread. The node starts its maintenance timers at once.
   */
  public static DhtNode create(
      DhtConfig config, Ed25519KeyPair key, Transport transport, Scheduler scheduler) {
    requireNonNull(config, "config is null");
    requireNonNull(key, "key is null");
    requireNonNull(transport, "transport is null");
    requireNonNull(scheduler, "scheduler is null");
    return new DhtNode(NodeCore.start(config, key, transport, scheduler), key);
  }

  /** This node's id. */
  public NodeId id() {
    return core.id();
  }

  /** This node's id and address. */
  public PeerAddress peerAddress() {
    return core.self();
  }

  /** The key this node signs its own entries with by default. */
  public Ed25519KeyPair key() {
    return key;
  }

  /** The node's current Vivaldi network coordinate. */
  public Coordinate coordinate() {
    return core.coordinate();
  }

  /**
   * Joins the network through the seeds: a lookup of the node's own id through them, then a refresh
   * of the buckets beyond its closest neighbour. Completes with the routing table size.
   */
  public CompletableFuture<Integer> bootstrap(List<InetSocketAddress> seeds) {
    return core.operations().bootstrap(List.copyOf(seeds));
  }

  /** A put of one value under a full key, signed by this node's key unless told otherwise. */
  public PutBuilder put(DhtKey key) {
    return new PutBuilder(core, requireNonNull(key, "key is null"), this.key);
  }

  /** An add: the value's content key is the SHA-256 of the value, so equal values coincide. */
  public PutBuilder add(NodeId location, NodeId domain, byte[] value) {
    DhtKey full = new DhtKey(location, domain, DhtKey.hash(value));
    return new PutBuilder(core, full, key).value(value);
  }

  /** Stores an entry someone already signed (a host publishing through a broker's node). */
  public CompletableFuture<PutResult> store(Entry entry) {
    return core.operations().put(requireNonNull(entry, "entry is null"));
  }

  /** A get of the values at a location and domain (or one content key). */
  public GetBuilder get(NodeId location, NodeId domain) {
    return new GetBuilder(core, location, domain);
  }

  /**
   * Reads several whole locations of one domain at once, for a node that holds them itself (see
   * {@link NearbyReads}): one FIND_DIGESTS to a peer that also holds them, then a FIND_VALUE only
   * for a location whose entry set differs from this node's copy, merged with that copy. Locations
   * this node is not among the k closest of come back empty, for the caller to {@link #get}.
   */
  public CompletableFuture<NearbyReads> readNearby(List<NodeId> locations, NodeId domain) {
    return core.operations().readNearby(List.copyOf(locations), requireNonNull(domain, "domain"));
  }

  /** A removal: a signed tombstone that only the value's owner key can make effective. */
  public RemoveBuilder remove(DhtKey key) {
    return new RemoveBuilder(core, requireNonNull(key, "key is null"), this.key);
  }

  /** Asks one known peer directly (no lookup) for what it holds at a location and domain. */
  public CompletableFuture<GetResult> getFrom(PeerAddress peer, NodeId location, NodeId domain) {
    return core.operations().getFrom(peer, location, domain);
  }

  /** The k nodes closest to the target that an iterative lookup finds. */
  public CompletableFuture<NodesResult> findNode(NodeId target) {
    return core.operations().findNode(target);
  }

  /** True if a node answers a PING at the address before the RPC timeout and retries run out. */
  public CompletableFuture<Boolean> ping(InetSocketAddress address) {
    return core.operations().ping(address);
  }

  /** A snapshot of this node's counters; safe from any thread. */
  public DhtMetrics metrics() {
    return core.metrics();
  }

  /** Stops timers, fails pending calls and closes the transport; idempotent. */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "DhtNode[" + core.self() + "]";
  }
}
