package io.xenia.dht.server;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtNode;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.transport.udp.EventLoopScheduler;
import io.xenia.dht.transport.udp.TransportMetrics;
import io.xenia.dht.transport.udp.UdpTransport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A DHT node on real sockets: its own event-loop thread, a UDP (+ TCP fallback) transport bound to
 * an address, and the node. What the broker embeds, what {@code search-node} runs and what host
 * daemons join with.
 *
 * <p>Thread-safe to call; {@link #close()} stops the node, then the transport, then the thread.
 */
public final class UdpDhtNode implements AutoCloseable {
  private final EventLoopScheduler scheduler;
  private final UdpTransport transport;
  private final DhtNode node;

  private UdpDhtNode(EventLoopScheduler scheduler, UdpTransport transport, DhtNode node) {
    this.scheduler = scheduler;
    this.transport = transport;
    this.node = node;
  }

  /**
   * Binds and starts a node (not yet joined: call {@link #join}).
   *
   * @param bind host and port for UDP and TCP; port 0 picks a free one
   * @param policy who may talk to it: {@link MembershipPolicy#requireCertificate} in production
   */
  public static UdpDhtNode start(
      DhtConfig config, NodeIdentity identity, MembershipPolicy policy, InetSocketAddress bind) {
    requireNonNull(config, "config is null");
    requireNonNull(identity, "identity is null");
    EventLoopScheduler scheduler =
        EventLoopScheduler.start("dht-" + identity.nodeId().toHex().substring(0, 8));
    try {
      UdpTransport transport =
          UdpTransport.builder()
              .bind(bind)
              .identity(identity)
              .policy(policy)
              .scheduler(scheduler)
              .build();
      DhtNode node = DhtNode.create(config, identity.keyPair(), transport, scheduler);
      return new UdpDhtNode(scheduler, transport, node);
    } catch (RuntimeException e) {
      scheduler.close();
      throw e;
    }
  }

  /** Joins through seed addresses; completes with the routing table's size. */
  public CompletableFuture<Integer> join(List<InetSocketAddress> seeds) {
    return node.bootstrap(seeds);
  }

  /** The DHT node. */
  public DhtNode node() {
    return node;
  }

  /** Where peers reach this node (UDP and TCP). */
  public InetSocketAddress address() {
    return transport.localAddress();
  }

  /**
   * Presents a renewed membership certificate in handshakes from now on (see {@link
   * UdpTransport#presentCertificate}); completes once the transport has it.
   *
   * @throws IllegalArgumentException if the certificate is not for this node's key
   */
  public CompletableFuture<Void> renewCertificate(MembershipCertificate certificate) {
    return transport.presentCertificate(certificate);
  }

  /** The transport's counters: datagrams, handshakes, refusals, MAC failures, replays. */
  public TransportMetrics transportMetrics() {
    return transport.metrics();
  }

  @Override
  public void close() {
    node.close();
    transport.close();
    scheduler.close();
  }

  @Override
  public String toString() {
    return "UdpDhtNode[" + node.id().toHex().substring(0, 12) + "@" + address() + "]";
  }
}
