package io.xenia.dht.transport.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import io.xenia.dht.wire.Message;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The send path: seal a message in the peer's session and send it by UDP, or by TCP if it exceeds
 * one datagram; with no session yet, queue it (bounded) and run the handshake, retrying INIT until
 * the handshake timeout. Also sends handshake and REKEY packets for the {@link Authenticator}.
 *
 * <p>Owned by the event loop: every method runs there; not thread-safe.
 */
final class Outbound {
  /** Messages held per peer while its handshake runs; more are dropped and counted. */
  static final int MAX_QUEUED = 64;

  private static final class Pending {
    final ArrayDeque<Message> queue = new ArrayDeque<>();
    final long startedNanos;
    ScheduledFuture<?> retry;

    Pending(long startedNanos) {
      this.startedNanos = startedNanos;
    }
  }

  private final EventLoop loop;
  private final Handshaker handshaker;
  private final SessionTable sessions;
  private final TcpConnections tcp;
  private final TransportCounters counters;
  private final TransportSettings settings;
  private final Map<InetSocketAddress, Pending> pending = new HashMap<>();
  private Channel udp;
  private ScheduledFuture<?> sweeper;

  Outbound(
      EventLoop loop,
      Handshaker handshaker,
      SessionTable sessions,
      TcpConnections tcp,
      TransportCounters counters,
      TransportSettings settings) {
    this.loop = loop;
    this.handshaker = handshaker;
    this.sessions = sessions;
    this.tcp = tcp;
    this.counters = counters;
    this.settings = settings;
  }

  /** Set once the UDP channel is bound, before any message can be sent. */
  void udpChannel(Channel channel) {
    this.udp = channel;
  }

  long nanoTime() {
    return System.nanoTime();
  }

  void send(InetSocketAddress to, Message message) {
    Session session = sessions.forAddress(to);
    if (session != null) {
      seal(session, message);
      return;
    }
    Pending p = pending.get(to);
    if (p == null) {
      p = new Pending(nanoTime());
      pending.put(to, p);
      startHandshake(to, p);
    }
    if (p.queue.size() >= MAX_QUEUED) {
      counters.queueDrops.increment();
    } else {
      p.queue.add(message);
    }
  }

  private void startHandshake(InetSocketAddress to, Pending p) {
    sendHandshake(to, handshaker.initiate(to));
    long interval = Math.max(1, settings.handshakeTimeoutNanos() / 4);
    p.retry =
        loop.scheduleAtFixedRate(() -> retry(to, p), interval, interval, TimeUnit.NANOSECONDS);
  }

  /** Resends INIT (lost datagrams) until the timeout, then gives up on the queued messages. */
  private void retry(InetSocketAddress to, Pending p) {
    if (pending.get(to) != p) {
      p.retry.cancel(false);
      return;
    }
    if (nanoTime() - p.startedNanos >= settings.handshakeTimeoutNanos()) {
      counters.handshakesFailed.increment();
      handshaker.abandon(to);
      drop(to);
      return;
    }
    sendHandshake(to, handshaker.initiate(to));
  }

  /** A session with the address is ready: flush what waited for it, in order. */
  void established(Session session) {
    Pending p = pending.remove(session.address());
    if (p == null) {
      return;
    }
    p.retry.cancel(false);
    // The peer may have started the session that completed; ours is then moot.
    handshaker.abandon(session.address());
    for (Message m : p.queue) {
      seal(session, m);
    }
  }

  /** The handshake with the address was refused: its queued messages cannot be delivered. */
  void refused(InetSocketAddress address) {
    drop(address);
  }

  private void drop(InetSocketAddress address) {
    Pending p = pending.remove(address);
    if (p != null) {
      p.retry.cancel(false);
      counters.queueDrops.add(p.queue.size());
    }
  }

  void sendHandshake(InetSocketAddress to, HandshakePacket packet) {
    datagram(to, packet.encode(alloc()));
  }

  void sendRekey(InetSocketAddress to, long sessionId) {
    ByteBuf out = alloc().buffer(WireFormat.HEADER_BYTES + 8);
    out.writeShort(WireFormat.MAGIC).writeByte(WireFormat.VERSION).writeByte(WireFormat.REKEY);
    datagram(to, out.writeLong(sessionId));
  }

  private void seal(Session session, Message message) {
    ByteBuf out = alloc().ioBuffer(256);
    out.writeShort(WireFormat.MAGIC).writeByte(WireFormat.VERSION).writeByte(WireFormat.SEALED);
    out.writeLong(session.id()).writeLong(session.nextCounter());
    try {
      MessageCodec.encode(message, out);
    } catch (IllegalArgumentException e) {
      out.release();
      counters.sendErrors.increment();
      return;
    }
    if (out.readableBytes() + WireFormat.MAC_BYTES > WireFormat.MAX_FRAME_BYTES) {
      out.release(); // the receiver would refuse the frame; better counted here than lost there
      counters.sendErrors.increment();
      return;
    }
    session.appendMac(out);
    session.touch(nanoTime());
    if (out.readableBytes() <= settings.maxDatagramBytes()) {
      datagram(session.address(), out);
    } else {
      tcp.send(session.address(), out);
    }
  }

  private void datagram(InetSocketAddress to, ByteBuf packet) {
    counters.datagramsOut.increment();
    counters.bytesOut.add(packet.readableBytes());
    udp.writeAndFlush(new DatagramPacket(packet, to))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                counters.sendErrors.increment();
              }
            });
  }

  private ByteBufAllocator alloc() {
    return udp.alloc();
  }

  /** Starts the periodic expiry of idle sessions and stale responder states. */
  void startSweeper() {
    long period = Math.max(settings.handshakeTimeoutNanos(), settings.sessionIdleNanos() / 4);
    sweeper =
        loop.scheduleAtFixedRate(
            () -> {
              long now = nanoTime();
              sessions.expire(now, settings.sessionIdleNanos());
              handshaker.expire(now, settings.handshakeTimeoutNanos());
            },
            period,
            period,
            TimeUnit.NANOSECONDS);
  }

  /** Drops every queued message and stops the timers (on close). */
  void close() {
    if (sweeper != null) {
      sweeper.cancel(false);
    }
    for (InetSocketAddress address : pending.keySet().toArray(new InetSocketAddress[0])) {
      drop(address);
    }
    tcp.closeAll();
  }
}
