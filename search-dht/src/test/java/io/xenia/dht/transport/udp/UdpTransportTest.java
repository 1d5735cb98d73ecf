package io.xenia.dht.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.wire.FindNode;
import io.xenia.dht.wire.Message;
import io.xenia.dht.wire.Nodes;
import io.xenia.dht.wire.Ping;
import io.xenia.dht.wire.Pong;
import io.xenia.dht.wire.Values;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real transports on 127.0.0.1 exchanging messages in an open network. */
class UdpTransportTest {
  private final List<UdpTransport> transports = new ArrayList<>();

  private UdpTransport start(Ed25519KeyPair key) {
    UdpTransport t = Peers.open(key);
    transports.add(t);
    return t;
  }

  @AfterEach
  void closeAll() {
    transports.forEach(UdpTransport::close);
  }

  @Test
  void twoNodesExchangeRequestsAndResponsesBothWays() throws Exception {
    Ed25519KeyPair ka = Peers.key();
    Ed25519KeyPair kb = Peers.key();
    UdpTransport a = start(ka);
    UdpTransport b = start(kb);
    Inbox inA = new Inbox(a);
    Inbox inB = new Inbox(b);

    a.send(b.localAddress(), null, new Ping(1));
    a.send(b.localAddress(), null, new FindNode(2, Samples.id())); // queued behind the handshake
    Delivery ping = inB.take();
    assertEquals(new Ping(1), ping.message());
    assertEquals(Peers.id(ka), ping.sender());
    assertEquals(a.localAddress(), ping.from());
    assertEquals(2, inB.take().message().requestId());

    b.send(ping.from(), ping.sender(), new Pong(1, Peers.HERE));
    Delivery pong = inA.take();
    assertEquals(new Pong(1, Peers.HERE), pong.message());
    assertEquals(Peers.id(kb), pong.sender());
    assertEquals(b.localAddress(), pong.from());

    assertFalse(inA.offThread || inB.offThread, "receiver must run on the node thread");
    assertEquals(1, a.metrics().handshakesCompleted());
    assertEquals(1, b.metrics().handshakesCompleted());
    assertEquals(Peers.id(ka), a.localId());
  }

  @Test
  void everyMessageTypeCrossesTheNetwork() throws Exception {
    UdpTransport a = start(Peers.key());
    UdpTransport b = start(Peers.key());
    Inbox inB = new Inbox(b);
    List<Message> all = Samples.everyType();
    for (Message m : all) {
      a.send(b.localAddress(), null, m);
    }
    for (Message m : all) {
      assertEquals(m, inB.take().message());
    }
  }

  @Test
  void threeNodesEachSeeTheOthersIds() throws Exception {
    List<Ed25519KeyPair> keys = List.of(Peers.key(), Peers.key(), Peers.key());
    List<UdpTransport> nodes = new ArrayList<>();
    List<Inbox> inboxes = new ArrayList<>();
    for (Ed25519KeyPair k : keys) {
      UdpTransport t = start(k);
      nodes.add(t);
      inboxes.add(new Inbox(t));
    }
    for (int from = 0; from < 3; from++) {
      for (int to = 0; to < 3; to++) {
        if (from != to) {
          nodes.get(from).send(nodes.get(to).localAddress(), null, new Ping(from * 10 + to));
        }
      }
    }
    for (int to = 0; to < 3; to++) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        Delivery d = inboxes.get(to).take();
        int from = (int) (d.message().requestId() / 10);
        assertEquals(Peers.id(keys.get(from)), d.sender());
        assertEquals(nodes.get(from).localAddress(), d.from());
        seen.add(d.sender().toHex());
      }
      assertEquals(2, seen.size());
    }
  }

  @Test
  void largeValuesTravelOverTcpTransparently() throws Exception {
    UdpTransport a = start(Peers.key());
    UdpTransport b = start(Peers.key());
    Inbox inB = new Inbox(b);
    Values big =
        new Values(
            9,
            Peers.HERE,
            true,
            Samples.entries(200, 500),
            Optional.of(Samples.digest()),
            Samples.peers(20));
    a.send(b.localAddress(), null, new Ping(1));
    a.send(b.localAddress(), null, big);
    a.send(b.localAddress(), null, new Nodes(2, Peers.HERE, Samples.peers(64)));
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      Delivery d = inB.take();
      ids.add(d.message().requestId());
      if (d.message().requestId() == 9) {
        assertEquals(big, d.message());
        assertEquals(a.localAddress(), d.from());
      }
    }
    assertEquals(Set.of(1L, 2L, 9L), ids);
    assertTrue(a.metrics().tcpMessagesOut() >= 1);
    assertTrue(b.metrics().tcpMessagesIn() >= 1);
  }

  @Test
  void sendsFromAnyThreadAndAfterCloseAreSafe() throws Exception {
    UdpTransport a = start(Peers.key());
    UdpTransport b = start(Peers.key());
    Inbox inB = new Inbox(b);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int base = t * 100;
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 10; i++) {
                  a.send(b.localAddress(), null, new Ping(base + i));
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    Set<Long> got = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      got.add(inB.take().message().requestId());
    }
    assertEquals(40, got.size());
    a.close();
    a.close();
    a.send(b.localAddress(), null, new Ping(1));
    assertTrue(a.metrics().sendErrors() >= 1);
  }
}
