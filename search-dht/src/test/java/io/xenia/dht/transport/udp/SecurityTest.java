package io.xenia.dht.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.wire.Ping;
import io.xenia.dht.wire.Pong;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Closed membership, tampering and replay, on real sockets. */
class SecurityTest {
  private final Ed25519KeyPair ca = Peers.key();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private UdpTransport start(
      Ed25519KeyPair key,
      MembershipCertificate cert,
      MembershipPolicy policy,
      UnaryOperator<UdpTransportBuilder> tweak) {
    NodeIdentity identity =
        cert == null ? NodeIdentity.uncertified(key) : NodeIdentity.certified(key, cert);
    UdpTransport t =
        tweak
            .apply(UdpTransport.builder().bind(Peers.anyPort()).identity(identity).policy(policy))
            .build();
    closeables.add(t);
    return t;
  }

  private UdpTransport closedNode() {
    Ed25519KeyPair key = Peers.key();
    return start(key, Peers.validCertificate(ca, key), Peers.closed(ca), b -> b);
  }

  /** A peer (open itself) pings the closed node; nothing may reach the closed node's receiver. */
  private void assertRefused(UdpTransport closed, UdpTransport peer) throws Exception {
    Inbox inbox = new Inbox(closed);
    long before = closed.metrics().handshakesRefused();
    peer.send(closed.localAddress(), null, new Ping(1));
    Peers.awaitCount(() -> closed.metrics().handshakesRefused(), before + 1, "refusals");
    inbox.assertQuiet(100);
    assertEquals(0, closed.metrics().messagesDelivered());
  }

  @Test
  void certifiedPeersTalk() throws Exception {
    UdpTransport a = closedNode();
    UdpTransport b = closedNode();
    Inbox inB = new Inbox(b);
    Inbox inA = new Inbox(a);
    a.send(b.localAddress(), null, new Ping(1));
    Delivery d = inB.take();
    assertEquals(a.localId(), d.sender());
    b.send(d.from(), d.sender(), new Pong(1, Peers.HERE));
    assertEquals(b.localId(), inA.take().sender());
  }

  @Test
  void peerWithoutCertificateIsRefused() throws Exception {
    assertRefused(closedNode(), start(Peers.key(), null, MembershipPolicy.open(), b -> b));
  }

  @Test
  void peerCertifiedByAnotherCaIsRefused() throws Exception {
    Ed25519KeyPair key = Peers.key();
    MembershipCertificate foreign = Peers.validCertificate(Peers.key(), key);
    assertRefused(closedNode(), start(key, foreign, MembershipPolicy.open(), b -> b));
  }

  @Test
  void peerWithExpiredCertificateIsRefused() throws Exception {
    Ed25519KeyPair key = Peers.key();
    Instant now = Instant.now();
    MembershipCertificate expired =
        Peers.certificate(ca, key, now.minusSeconds(7200), now.minusSeconds(3600));
    assertRefused(closedNode(), start(key, expired, MembershipPolicy.open(), b -> b));
  }

  @Test
  void peerPresentingAnotherKeysCertificateIsRefused() throws Exception {
    byte[] stolen = Peers.validCertificate(ca, Peers.key()).toJson();
    UdpTransport thief =
        start(Peers.key(), null, MembershipPolicy.open(), b -> b.certificateOverride(stolen));
    assertRefused(closedNode(), thief);
  }

  @Test
  void closedNodeRefusesAnUncertifiedResponderAndDropsItsQueue() throws Exception {
    UdpTransport closed = closedNode();
    UdpTransport stranger = start(Peers.key(), null, MembershipPolicy.open(), b -> b);
    Inbox inbox = new Inbox(stranger);
    closed.send(stranger.localAddress(), null, new Ping(5));
    Peers.awaitCount(() -> closed.metrics().handshakesRefused(), 1, "refusals");
    Peers.awaitCount(() -> closed.metrics().queueDrops(), 1, "queue drops");
    inbox.assertQuiet(100);
  }

  @Test
  void tamperedAndReplayedDatagramsAreDroppedAndCounted() throws Exception {
    UdpTransport a = start(Peers.key(), null, MembershipPolicy.open(), b -> b);
    UdpTransport b = start(Peers.key(), null, MembershipPolicy.open(), x -> x);
    Relay relay = new Relay(b.localAddress());
    closeables.add(relay);
    Inbox inB = new Inbox(b);
    a.send(relay.address(), null, new Ping(1));
    assertEquals(new Ping(1), inB.take().message());

    byte[] sealed = null;
    for (byte[] p : relay.fromClient) {
      if (p[3] == WireFormat.SEALED) {
        sealed = p;
      }
    }
    byte[] tampered = sealed.clone();
    tampered[tampered.length - WireFormat.MAC_BYTES - 1] ^= 1; // last byte of the message
    relay.inject(tampered);
    Peers.awaitCount(() -> b.metrics().macFailures(), 1, "MAC failures");

    relay.inject(sealed);
    Peers.awaitCount(() -> b.metrics().replaysDropped(), 1, "replays");

    relay.inject(new byte[] {1, 2, 3});
    Peers.awaitCount(() -> b.metrics().decodeErrors(), 1, "decode errors");
    inB.assertQuiet(50);
    assertEquals(1, b.metrics().messagesDelivered());

    a.send(relay.address(), null, new Ping(2)); // the session still works
    assertEquals(new Ping(2), inB.take().message());
  }
}
