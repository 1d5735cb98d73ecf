package io.xenia.dht.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Two handshakers driven against each other in memory, no sockets. */
class HandshakerTest {
  private static final InetSocketAddress A_ADDR = new InetSocketAddress("127.0.0.1", 1001);
  private static final InetSocketAddress B_ADDR = new InetSocketAddress("127.0.0.1", 1002);
  private final Ed25519KeyPair a = Peers.key();
  private final Ed25519KeyPair b = Peers.key();
  private final Ed25519KeyPair ca = Peers.key();

  private static Handshaker handshaker(Ed25519KeyPair key, byte[] cert, MembershipPolicy policy) {
    return new Handshaker(key, cert, policy, Peers.RANDOM);
  }

  /** Runs INIT → REPLY → FINISH from a to b; returns {initiator outcome, responder outcome}. */
  private static HandshakeOutcome[] run(Handshaker initiator, Handshaker responder) {
    HandshakePacket.Init init = initiator.initiate(B_ADDR);
    HandshakePacket.Reply reply = responder.onInit(A_ADDR, init, 0);
    HandshakeOutcome first = initiator.onReply(B_ADDR, reply, 0);
    if (!(first instanceof HandshakeOutcome.Established e)) {
      return new HandshakeOutcome[] {first, null};
    }
    HandshakePacket.Finish finish = (HandshakePacket.Finish) e.reply();
    return new HandshakeOutcome[] {first, responder.onFinish(A_ADDR, finish, 0)};
  }

  @Test
  void bothSidesDeriveTheSameSessionAndProvenIds() {
    MembershipPolicy open = MembershipPolicy.open();
    HandshakeOutcome[] out =
        run(handshaker(a, new byte[0], open), handshaker(b, new byte[0], open));
    Session sa = ((HandshakeOutcome.Established) out[0]).session();
    Session sb = ((HandshakeOutcome.Established) out[1]).session();
    assertEquals(sa.id(), sb.id());
    assertEquals(Peers.id(b), sa.peerId());
    assertEquals(Peers.id(a), sb.peerId());

    ByteBuf packet = Unpooled.buffer().writeBytes(new byte[] {1, 2, 3, 4, 5});
    sa.appendMac(packet);
    assertTrue(sb.verifyMac(packet.duplicate()));
    // Direction keys differ: a packet cannot be reflected to its sender.
    assertEquals(false, sa.verifyMac(packet.duplicate()));
    packet.setByte(2, 9);
    assertEquals(false, sb.verifyMac(packet));
  }

  @Test
  void aRetransmittedInitGetsTheSameReply() {
    Handshaker responder = handshaker(b, new byte[0], MembershipPolicy.open());
    HandshakePacket.Init init =
        handshaker(a, new byte[0], MembershipPolicy.open()).initiate(B_ADDR);
    assertSame(responder.onInit(A_ADDR, init, 0), responder.onInit(A_ADDR, init, 1));
  }

  @Test
  void aForgedReplySignatureIsRefused() {
    Handshaker initiator = handshaker(a, new byte[0], MembershipPolicy.open());
    Handshaker responder = handshaker(b, new byte[0], MembershipPolicy.open());
    HandshakePacket.Reply reply = responder.onInit(A_ADDR, initiator.initiate(B_ADDR), 0);
    byte[] sig = reply.signature().clone();
    sig[0] ^= 1;
    HandshakePacket.Reply forged =
        new HandshakePacket.Reply(
            reply.initiatorNonce(),
            reply.ephemeral(),
            reply.nonce(),
            reply.key(),
            reply.certificate(),
            sig);
    assertInstanceOf(HandshakeOutcome.Refused.class, initiator.onReply(B_ADDR, forged, 0));
    // The initiation is spent: the genuine reply arriving late is ignored, not accepted.
    assertInstanceOf(HandshakeOutcome.Ignored.class, initiator.onReply(B_ADDR, reply, 0));
  }

  @Test
  void closedResponderRefusesAnInitiatorWhoseCertificateNamesAnotherKey() {
    byte[] certForB = Peers.validCertificate(ca, b).toJson();
    Handshaker initiator = handshaker(a, certForB, MembershipPolicy.open());
    Handshaker responder = handshaker(b, certForB, Peers.closed(ca));
    HandshakeOutcome[] out = run(initiator, responder);
    assertInstanceOf(HandshakeOutcome.Established.class, out[0]);
    HandshakeOutcome.Refused refused = assertInstanceOf(HandshakeOutcome.Refused.class, out[1]);
    assertTrue(refused.reason().startsWith("KEY_MISMATCH"), refused.reason());
  }

  @Test
  void closedInitiatorRefusesAnUncertifiedResponder() {
    Handshaker initiator = handshaker(a, Peers.validCertificate(ca, a).toJson(), Peers.closed(ca));
    HandshakeOutcome[] out = run(initiator, handshaker(b, new byte[0], MembershipPolicy.open()));
    HandshakeOutcome.Refused refused = assertInstanceOf(HandshakeOutcome.Refused.class, out[0]);
    assertTrue(refused.reason().startsWith("MISSING"), refused.reason());
  }

  @Test
  void handshakePacketsRoundTripAndRejectGarbage() {
    HandshakePacket.Init init =
        handshaker(a, new byte[0], MembershipPolicy.open()).initiate(B_ADDR);
    ByteBuf buf = init.encode(io.netty.buffer.ByteBufAllocator.DEFAULT);
    assertEquals(WireFormat.HELLO_INIT, InboundPacket.kindOf(buf));
    HandshakePacket back =
        HandshakePacket.decode(WireFormat.HELLO_INIT, buf.skipBytes(WireFormat.HEADER_BYTES));
    assertEquals(
        java.util.HexFormat.of().formatHex(init.nonce()),
        java.util.HexFormat.of().formatHex(((HandshakePacket.Init) back).nonce()));
    buf.release();
    org.junit.jupiter.api.Assertions.assertThrows(
        DecodeException.class,
        () -> HandshakePacket.decode(WireFormat.HELLO_REPLY, Unpooled.wrappedBuffer(new byte[40])));
  }
}
