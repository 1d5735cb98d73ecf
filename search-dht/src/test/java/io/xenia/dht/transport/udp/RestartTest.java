package io.xenia.dht.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.dht.wire.Ping;
import io.xenia.dht.wire.Pong;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A peer that restarts on the same port with a fresh ephemeral key gets a fresh session. */
class RestartTest {
  @Test
  void restartedPeerThatSpeaksFirstReHandshakes() throws Exception {
    Ed25519KeyPair kb = Peers.key();
    try (UdpTransport a = Peers.open(Peers.key())) {
      Inbox inA = new Inbox(a);
      InetSocketAddress bAddress;
      try (UdpTransport b = Peers.open(kb)) {
        bAddress = b.localAddress();
        Inbox inB = new Inbox(b);
        a.send(bAddress, null, new Ping(1));
        inB.take();
      }
      try (UdpTransport b2 = Peers.open(kb, bAddress)) {
        Inbox inB2 = new Inbox(b2);
        b2.send(a.localAddress(), null, new Ping(2));
        Delivery d = inA.take();
        assertEquals(Peers.id(kb), d.sender());
        a.send(d.from(), d.sender(), new Pong(2, Peers.HERE));
        assertEquals(new Pong(2, Peers.HERE), inB2.take().message());
        assertEquals(2, a.metrics().handshakesCompleted());
      }
    }
  }

  @Test
  void restartedPeerThatIsSpokenToFirstTriggersARekey() throws Exception {
    Ed25519KeyPair kb = Peers.key();
    try (UdpTransport a = Peers.open(Peers.key())) {
      InetSocketAddress bAddress;
      try (UdpTransport b = Peers.open(kb)) {
        bAddress = b.localAddress();
        Inbox inB = new Inbox(b);
        a.send(bAddress, null, new Ping(1));
        inB.take();
      }
      try (UdpTransport b2 = Peers.open(kb, bAddress)) {
        Inbox inB2 = new Inbox(b2);
        // The first send uses the dead session: b2 answers REKEY and a forgets it; a node's
        // request timeout resends, which handshakes again.
        Delivery d = null;
        for (int attempt = 0; attempt < 20 && d == null; attempt++) {
          a.send(bAddress, null, new Ping(attempt));
          d = inB2.poll(100, TimeUnit.MILLISECONDS);
        }
        assertEquals(a.localId(), d.sender());
        assertEquals(1, b2.metrics().unknownSessions());
      }
    }
  }
}
