package io.xenia.dht.transport.udp;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.xenia.dht.NodeId;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.transport.Transport;
import io.xenia.dht.wire.Message;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real DHT transport: authenticated messages over UDP, with a TCP listener on the same port for
 * messages too large for one datagram. Built by {@link #builder()}; wire format, handshake and
 * security properties in docs/dht-wire.md.
 *
 * <p>Inbound pipeline (one job per handler): frame decode ({@link DatagramFrameDecoder} or
 * length-field + {@link TcpFrameReader}) → authenticate ({@link Authenticator}) → message codec
 * ({@link MessageDecoder}) → dispatch ({@link Dispatcher}). Request/response correlation is the
 * node's job (request ids), so the transport has none.
 *
 * <p>Threading: every channel lives on the {@link EventLoopScheduler}'s thread, which is the node
 * thread; the receiver is called there. {@link #send}, {@link #metrics()} and {@link #close()} are
 * safe from any thread (a send from elsewhere hops onto the loop).
 */
public final class UdpTransport implements Transport {
  private final EventLoopScheduler scheduler;
  private final boolean ownsScheduler;
  private final Channel udp;
  private final Channel tcpServer;
  private final Outbound outbound;
  private final TransportCounters counters;
  private final NodeId localId;
  private final Ed25519PublicKey localKey;
  private final Handshaker handshaker;
  private final AtomicReference<Receiver> receiver;
  private volatile boolean closed;

  UdpTransport(
      EventLoopScheduler scheduler,
      boolean ownsScheduler,
      Channel udp,
      Channel tcpServer,
      Outbound outbound,
      TransportCounters counters,
      NodeId localId,
      Ed25519PublicKey localKey,
      Handshaker handshaker,
      AtomicReference<Receiver> receiver) {
    this.scheduler = scheduler;
    this.ownsScheduler = ownsScheduler;
    this.udp = udp;
    this.tcpServer = tcpServer;
    this.outbound = outbound;
    this.counters = counters;
    this.localId = localId;
    this.localKey = localKey;
    this.handshaker = handshaker;
    this.receiver = receiver;
  }

  /**
   * Presents a renewed membership certificate in every handshake from now on. Sessions already
   * established stay up: a peer checked the certificate when the session began, and a session ends
   * when idle, so renewing well before expiry is enough.
   *
   * @throws IllegalArgumentException if the certificate is not for this node's key
   */
  public CompletableFuture<Void> presentCertificate(MembershipCertificate certificate) {
    if (!certificate.claims().subject().equals(localKey)) {
      throw new IllegalArgumentException(
          "the certificate is for another key than this node's: " + certificate);
    }
    byte[] json = certificate.toJson();
    return CompletableFuture.runAsync(() -> handshaker.present(json), scheduler.eventLoop());
  }

  /** A builder; see {@link UdpTransportBuilder} for what must be set. */
  public static UdpTransportBuilder builder() {
    return new UdpTransportBuilder();
  }

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) udp.localAddress();
  }

  /** This node's id, {@code NodeId.of} its identity's public key. */
  public NodeId localId() {
    return localId;
  }

  /** The node thread this transport runs on. */
  public EventLoopScheduler scheduler() {
    return scheduler;
  }

  /** A snapshot of the counters; any thread. */
  public TransportMetrics metrics() {
    return counters.snapshot();
  }

  @Override
  public void send(InetSocketAddress to, NodeId expectedPeer, Message message) {
    requireNonNull(to, "to is null");
    requireNonNull(message, "message is null");
    // expectedPeer is not needed to pick a session (one per address); the handshake proves who
    // answers and the receiver sees that id with every message.
    if (closed) {
      counters.sendErrors.increment();
      return;
    }
    if (scheduler.inOwnThread()) {
      outbound.send(to, message);
    } else {
      scheduler.execute(() -> outbound.send(to, message));
    }
  }

  @Override
  public void receiver(Receiver receiver) {
    this.receiver.set(requireNonNull(receiver, "receiver is null"));
  }

  /**
   * Closes both sockets and outbound connections, dropping queued messages; shuts the scheduler
   * down if the builder created it. Idempotent. From the loop thread itself it does not wait.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (scheduler.inOwnThread()) {
      // On the loop we must not block; the channels close once this task returns.
      outbound.close();
      udp.close();
      tcpServer.close();
      return;
    }
    if (!scheduler.eventLoop().isShuttingDown()) {
      scheduler.eventLoop().submit(outbound::close).awaitUninterruptibly();
    }
    udp.close().awaitUninterruptibly();
    tcpServer.close().awaitUninterruptibly();
    if (ownsScheduler) {
      scheduler.close();
    }
  }
}
