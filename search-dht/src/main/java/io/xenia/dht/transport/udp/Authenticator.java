package io.xenia.dht.transport.udp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;

/**
 * Pipeline stage 2: authenticate. Handshake packets go to the {@link Handshaker} (answers leave
 * through {@link Outbound}); a sealed packet passes on as {@link Authenticated} only if its session
 * is known, its MAC verifies and its counter is fresh. Every drop is counted; nothing unauthentic
 * goes further. One instance serves the UDP channel and every TCP connection, all on the event
 * loop, so the shared state needs no locks.
 */
@Sharable
final class Authenticator extends SimpleChannelInboundHandler<InboundPacket> {
  private final Handshaker handshaker;
  private final SessionTable sessions;
  private final Outbound outbound;
  private final TransportCounters counters;

  Authenticator(
      Handshaker handshaker, SessionTable sessions, Outbound outbound, TransportCounters counters) {
    this.handshaker = handshaker;
    this.sessions = sessions;
    this.outbound = outbound;
    this.counters = counters;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, InboundPacket packet) {
    ByteBuf buf = packet.content();
    try {
      switch (packet.kind) {
        case WireFormat.SEALED -> unseal(ctx, packet);
        case WireFormat.REKEY -> rekey(packet.from, buf);
        case WireFormat.HELLO_INIT, WireFormat.HELLO_REPLY, WireFormat.HELLO_FINISH ->
            handshake(packet.from, packet.kind, buf.skipBytes(WireFormat.HEADER_BYTES));
        default -> counters.decodeErrors.increment();
      }
    } catch (DecodeException | IndexOutOfBoundsException e) {
      counters.decodeErrors.increment();
    }
  }

  private void unseal(ChannelHandlerContext ctx, InboundPacket packet) {
    ByteBuf buf = packet.content();
    int minimum = WireFormat.HEADER_BYTES + WireFormat.SEAL_PREFIX_BYTES + WireFormat.MAC_BYTES + 1;
    DecodeException.check(buf.readableBytes() >= minimum, "sealed packet too short");
    long sessionId = buf.getLong(buf.readerIndex() + WireFormat.HEADER_BYTES);
    long counter = buf.getLong(buf.readerIndex() + WireFormat.HEADER_BYTES + 8);
    Session session = sessions.forId(sessionId);
    if (session == null || (!packet.viaTcp && !session.address().equals(packet.from))) {
      counters.unknownSessions.increment();
      if (!packet.viaTcp) {
        outbound.sendRekey(packet.from, sessionId);
      }
      return;
    }
    if (!session.verifyMac(buf)) {
      counters.macFailures.increment();
      return;
    }
    if (!session.acceptCounter(counter)) {
      counters.replaysDropped.increment();
      return;
    }
    session.touch(outbound.nanoTime());
    if (packet.viaTcp) {
      counters.tcpMessagesIn.increment();
    }
    int start = buf.readerIndex() + WireFormat.HEADER_BYTES + WireFormat.SEAL_PREFIX_BYTES;
    int length = buf.writerIndex() - WireFormat.MAC_BYTES - start;
    ctx.fireChannelRead(
        new Authenticated(buf.retainedSlice(start, length), session.address(), session.peerId()));
  }

  /** The peer has no session with this id: forget ours so that the next send handshakes again. */
  private void rekey(InetSocketAddress from, ByteBuf buf) {
    DecodeException.check(buf.readableBytes() == WireFormat.HEADER_BYTES + 8, "bad REKEY");
    Session session = sessions.forId(buf.getLong(buf.readerIndex() + WireFormat.HEADER_BYTES));
    // Only the session's own address can reset it, and the id is visible only on the path.
    if (session != null && session.address().equals(from)) {
      sessions.remove(session);
    }
  }

  private void handshake(InetSocketAddress from, byte kind, ByteBuf body) {
    HandshakePacket packet = HandshakePacket.decode(kind, body);
    long now = outbound.nanoTime();
    if (packet instanceof HandshakePacket.Init init) {
      HandshakePacket.Reply reply = handshaker.onInit(from, init, now);
      if (reply == null) {
        counters.handshakesFailed.increment();
      } else {
        outbound.sendHandshake(from, reply);
      }
    } else if (packet instanceof HandshakePacket.Reply reply) {
      outcome(from, handshaker.onReply(from, reply, now));
    } else if (packet instanceof HandshakePacket.Finish finish) {
      outcome(from, handshaker.onFinish(from, finish, now));
    }
  }

  private void outcome(InetSocketAddress from, HandshakeOutcome outcome) {
    if (outcome instanceof HandshakeOutcome.Established e) {
      counters.handshakesCompleted.increment();
      if (e.reply() != null) {
        outbound.sendHandshake(from, e.reply());
      }
      sessions.add(e.session());
      outbound.established(e.session());
    } else if (outcome instanceof HandshakeOutcome.Refused) {
      counters.handshakesRefused.increment();
      outbound.refused(from);
    }
  }
}
