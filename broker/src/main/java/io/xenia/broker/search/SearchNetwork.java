package io.xenia.broker.search;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.DhtNode;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.dht.transport.udp.TransportMetrics;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This broker's member of the search network: the running {@link DhtNode} on real UDP/TCP, where
 * peers reach it, and the {@link MembershipIssuer} that certifies members. One bean per broker
 * (created at start-up by {@link SearchNetworkFactory} unless {@code xenia.search.enabled=false},
 * closed at shutdown); the offer index is wired on top of {@link #node()}.
 *
 * <p>Thread-safe: the node hops every call onto its own event-loop thread.
 */
public final class SearchNetwork implements AutoCloseable {
  private final UdpDhtNode server;
  private final MembershipIssuer issuer;
  private final List<InetSocketAddress> seeds;
  private final boolean openMembership;
  // Replaced by install() when CertificateRenewal renews it; read by health and renewal checks.
  private volatile MembershipCertificate certificate;
  private final AtomicBoolean closed = new AtomicBoolean();

  SearchNetwork(
      UdpDhtNode server,
      MembershipIssuer issuer,
      MembershipCertificate certificate,
      List<InetSocketAddress> seeds,
      boolean openMembership) {
    this.server = requireNonNull(server, "server is null");
    this.issuer = requireNonNull(issuer, "issuer is null");
    this.certificate = requireNonNull(certificate, "certificate is null");
    this.seeds = List.copyOf(seeds);
    this.openMembership = openMembership;
  }

  /** The running DHT node. */
  public DhtNode node() {
    return server.node();
  }

  /** Where peers reach this node (UDP and TCP): what other brokers list as a seed. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** The CA that certifies members of this network. */
  public MembershipIssuer issuer() {
    return issuer;
  }

  /** The membership certificate this node presents in handshakes (renewed by {@link #install}). */
  public MembershipCertificate certificate() {
    return certificate;
  }

  /** The configured seeds ({@code xenia.search.seeds}). */
  public List<InetSocketAddress> seeds() {
    return seeds;
  }

  /** Whether peers are admitted without certificates ({@code xenia.search.open-membership}). */
  public boolean openMembership() {
    return openMembership;
  }

  /** The transport's counters. */
  public TransportMetrics transportMetrics() {
    return server.transportMetrics();
  }

  /** Joins through the seeds; completes with the routing table's size. */
  CompletableFuture<Integer> join() {
    return server.join(seeds);
  }

  /**
   * Makes the transport present {@code renewed} in new handshakes (sessions already up stay up) and
   * reports it from {@link #certificate()}.
   *
   * @return true once the transport has it; false if it did not take it within ten seconds
   * @throws IllegalArgumentException if the certificate is for another key than this node's
   */
  boolean install(MembershipCertificate renewed) {
    requireNonNull(renewed, "renewed is null");
    try {
      server.renewCertificate(renewed).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
    certificate = renewed;
    return true;
  }

  /** Stops the node, its transport and its thread; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.close();
    }
  }

  @Override
  public String toString() {
    return "SearchNetwork[" + server + "]";
  }
}
