package io.xenia.dht.transport.udp;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.transport.Transport.Receiver;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Configures and binds a {@link UdpTransport}. Required: {@link #bind}, {@link #identity}, {@link
 * #policy} (no default on purpose: production states {@code requireCertificate}, tests state {@code
 * open()}). Optional: {@link #scheduler} (else the transport starts and owns its own), {@link
 * #maxDatagramBytes} (1,400), {@link #handshakeTimeout} (2 s), {@link #sessionIdleTimeout} (10
 * min).
 *
 * <p>Not thread-safe; call {@link #build()} from any thread but the scheduler's own.
 */
public final class UdpTransportBuilder {
  private InetSocketAddress bind;
  private NodeIdentity identity;
  private MembershipPolicy policy;
  private EventLoopScheduler scheduler;
  private int maxDatagramBytes = 1400;
  private Duration handshakeTimeout = Duration.ofSeconds(2);
  private Duration sessionIdleTimeout = Duration.ofMinutes(10);
  private byte[] certificateOverride;

  UdpTransportBuilder() {}

  /** Host and port for UDP and TCP alike; port 0 picks a free port shared by both. */
  public UdpTransportBuilder bind(InetSocketAddress address) {
    this.bind = requireNonNull(address, "address is null");
    return this;
  }

  /** The node's key and certificate, presented in every handshake. */
  public UdpTransportBuilder identity(NodeIdentity identity) {
    this.identity = requireNonNull(identity, "identity is null");
    return this;
  }

  /** Who may talk to this node. */
  public UdpTransportBuilder policy(MembershipPolicy policy) {
    this.policy = requireNonNull(policy, "policy is null");
    return this;
  }

  /** Runs the transport on this (shared, caller-owned) node thread. */
  public UdpTransportBuilder scheduler(EventLoopScheduler scheduler) {
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    return this;
  }

  /** Sealed packets larger than this go over TCP; 512..65,000, default 1,400 (fits an MTU). */
  public UdpTransportBuilder maxDatagramBytes(int bytes) {
    if (bytes < 512 || bytes > 65_000) {
      throw new IllegalArgumentException("maxDatagramBytes must be in 512..65000, not " + bytes);
    }
    this.maxDatagramBytes = bytes;
    return this;
  }

  /** How long a handshake may take before its queued messages are dropped; default 2 s. */
  public UdpTransportBuilder handshakeTimeout(Duration timeout) {
    this.handshakeTimeout = positive(timeout, "handshakeTimeout");
    return this;
  }

  /** Sessions unused this long are forgotten (the next send handshakes again); default 10 min. */
  public UdpTransportBuilder sessionIdleTimeout(Duration timeout) {
    this.sessionIdleTimeout = positive(timeout, "sessionIdleTimeout");
    return this;
  }

  /** Tests only: present these bytes as the certificate, whatever the identity holds. */
  UdpTransportBuilder certificateOverride(byte[] json) {
    this.certificateOverride = json.clone();
    return this;
  }

  /**
   * Binds the sockets and returns the running transport.
   *
   * @throws IllegalStateException if a required setting is missing
   * @throws java.io.UncheckedIOException (or Netty's bind exception) if the port is taken
   */
  public UdpTransport build() {
    if (bind == null || identity == null || policy == null) {
      throw new IllegalStateException("bind, identity and policy are required");
    }
    boolean owns = scheduler == null;
    EventLoopScheduler loop = owns ? EventLoopScheduler.start("dht-" + bind.getPort()) : scheduler;
    // With port 0 the UDP port is free but the same TCP port may not be: try a few ports.
    for (int attempt = 1; ; attempt++) {
      try {
        return bindOn(loop, owns);
      } catch (Exception e) {
        if (bind.getPort() != 0 || attempt == 5) {
          if (owns) {
            loop.close();
          }
          throw e;
        }
      }
    }
  }

  private UdpTransport bindOn(EventLoopScheduler loop, boolean owns) {
    TransportCounters counters = new TransportCounters();
    TransportSettings settings =
        new TransportSettings(
            maxDatagramBytes, handshakeTimeout.toNanos(), sessionIdleTimeout.toNanos());
    byte[] cert =
        certificateOverride != null
            ? certificateOverride
            : identity.certificate().map(MembershipCertificate::toJson).orElse(new byte[0]);
    Handshaker handshaker = new Handshaker(identity.keyPair(), cert, policy, new SecureRandom());
    SessionTable sessions = new SessionTable();
    TcpConnections tcp =
        new TcpConnections(loop.eventLoop(), counters, (int) handshakeTimeout.toMillis());
    Outbound outbound =
        new Outbound(loop.eventLoop(), handshaker, sessions, tcp, counters, settings);
    AtomicReference<Receiver> receiver = new AtomicReference<>();
    Authenticator auth = new Authenticator(handshaker, sessions, outbound, counters);
    MessageDecoder decoder = new MessageDecoder(counters);
    Dispatcher dispatcher = new Dispatcher(receiver::get, counters);

    Channel udp = bindUdp(loop, counters, auth, decoder, dispatcher);
    outbound.udpChannel(udp);
    InetSocketAddress bound = (InetSocketAddress) udp.localAddress();
    Channel tcpServer;
    try {
      tcpServer = bindTcp(loop, bound, counters, auth, decoder, dispatcher);
    } catch (RuntimeException e) {
      udp.close().awaitUninterruptibly();
      throw e;
    }
    loop.execute(outbound::startSweeper);
    return new UdpTransport(
        loop,
        owns,
        udp,
        tcpServer,
        outbound,
        counters,
        identity.nodeId(),
        identity.keyPair().publicKey(),
        handshaker,
        receiver);
  }

  private Channel bindUdp(
      EventLoopScheduler loop,
      TransportCounters counters,
      Authenticator auth,
      MessageDecoder decoder,
      Dispatcher dispatcher) {
    DatagramFrameDecoder frames = new DatagramFrameDecoder(counters);
    return new Bootstrap()
        .group(loop.eventLoop())
        .channel(NioDatagramChannel.class)
        .option(ChannelOption.SO_RCVBUF, 4 << 20)
        .option(ChannelOption.SO_SNDBUF, 4 << 20)
        .option(
            ChannelOption.RCVBUF_ALLOCATOR,
            new FixedRecvByteBufAllocator(Math.max(2048, maxDatagramBytes + 64)))
        .handler(
            new ChannelInitializer<NioDatagramChannel>() {
              @Override
              protected void initChannel(NioDatagramChannel ch) {
                ch.pipeline().addLast(frames, auth, decoder, dispatcher);
              }
            })
        .bind(bind)
        .syncUninterruptibly()
        .channel();
  }

  private Channel bindTcp(
      EventLoopScheduler loop,
      InetSocketAddress address,
      TransportCounters counters,
      Authenticator auth,
      MessageDecoder decoder,
      Dispatcher dispatcher) {
    return new ServerBootstrap()
        .group(loop.eventLoop(), loop.eventLoop())
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(
                        new LengthFieldBasedFrameDecoder(WireFormat.MAX_FRAME_BYTES, 0, 4, 0, 4),
                        new TcpFrameReader(counters),
                        auth,
                        decoder,
                        dispatcher);
              }
            })
        .bind(address)
        .syncUninterruptibly()
        .channel();
  }

  private static Duration positive(Duration d, String name) {
    requireNonNull(d, name + " is null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return d;
  }
}
