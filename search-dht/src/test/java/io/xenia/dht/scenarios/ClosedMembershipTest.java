package io.xenia.dht.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtKey;
import io.xenia.dht.PutResult;
import io.xenia.dht.security.MembershipCertificate;
import io.xenia.dht.security.MembershipClaims;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.MembershipRole;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A closed network over real UDP: only nodes with a certificate from the platform CA are admitted
 * to routing tables and can store; an uncertified node, or one certified by another CA, joins no
 * one and stores nothing on anyone.
 */
class ClosedMembershipTest {
  private final SecureRandom random = new SecureRandom();
  private final Ed25519KeyPair ca = Ed25519KeyPair.generate(random);
  private final List<UdpDhtNode> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(UdpDhtNode::close);
  }

  private UdpDhtNode node(NodeIdentity identity) {
    UdpDhtNode node =
        UdpDhtNode.start(
            DhtConfig.defaults().withRpcTimeoutMillis(300),
            identity,
            MembershipPolicy.requireCertificate(ca.publicKey(), Clock.systemUTC()),
            new InetSocketAddress("127.0.0.1", 0));
    started.add(node);
    return node;
  }

  private NodeIdentity certifiedBy(Ed25519KeyPair issuer) {
    Ed25519KeyPair key = Ed25519KeyPair.generate(random);
    Instant now = Instant.now();
    MembershipClaims claims =
        new MembershipClaims(
            MembershipClaims.VERSION,
            key.publicKey(),
            MembershipRole.SEARCH_NODE,
            "test-node",
            1,
            now.minusSeconds(60),
            now.plus(Duration.ofDays(1)));
    return NodeIdentity.certified(key, MembershipCertificate.issue(issuer, claims));
  }

  @Test
  void onlyCertifiedNodesJoinAndStore() {
    List<UdpDhtNode> members = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      UdpDhtNode member = node(certifiedBy(ca));
      if (i > 0) {
        UdpDhtScenariosTest.await(member.join(List.of(members.get(0).address())));
      }
      members.add(member);
    }
    DhtKey key = DhtKey.of("closed", "d", "c");
    PutResult member =
        UdpDhtScenariosTest.await(members.get(2).node().put(key).value(new byte[] {1}).start());
    assertEquals(5, member.stored(), member.toString());

    UdpDhtNode outsider = node(NodeIdentity.uncertified(Ed25519KeyPair.generate(random)));
    UdpDhtNode foreign = node(certifiedBy(Ed25519KeyPair.generate(random)));
    for (UdpDhtNode intruder : List.of(outsider, foreign)) {
      int table = UdpDhtScenariosTest.await(intruder.join(List.of(members.get(0).address())));
      assertEquals(0, table, "no member answers a refused node");
      DhtKey theirs = DhtKey.of("intruder-" + intruder.node().id(), "d", "c");
      PutResult put =
          UdpDhtScenariosTest.await(intruder.node().put(theirs).value(new byte[] {2}).start());
      assertTrue(put.stored() <= 1, "at most its own copy: " + put);
      for (UdpDhtNode m : members) {
        assertTrue(
            UdpDhtScenariosTest.await(m.node().get(theirs.location(), theirs.domain()).start())
                .entries()
                .isEmpty());
        assertEquals(0, m.node().metrics().storedEntries() - (holds(m, key) ? 1 : 0));
      }
    }
    long refused = members.stream().mapToLong(m -> m.transportMetrics().handshakesRefused()).sum();
    assertTrue(refused >= 2, "refusals are counted: " + refused);
  }

  private static boolean holds(UdpDhtNode node, DhtKey key) {
    return !UdpDhtScenariosTest.await(node.node().get(key.location(), key.domain()).start())
        .entries()
        .isEmpty();
  }
}
