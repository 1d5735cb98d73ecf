package io.xenia.dht.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.query.Query;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.signing.SignedEnvelope;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The index over real UDP sockets on 127.0.0.1 (own event-loop threads, authenticated sessions, TCP
 * for bucket answers too large for a datagram): random queries equal the oracle.
 */
class UdpSearchIndexTest {
  private final List<UdpDhtNode> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(UdpDhtNode::close);
  }

  @Test
  void randomQueriesOverUdpMatchTheOracle() throws Exception {
    Random random = new Random(17);
    DhtConfig config = DhtConfig.defaults().withRpcTimeoutMillis(300);
    for (int i = 0; i < 12; i++) {
      UdpDhtNode node =
          UdpDhtNode.start(
              config,
              NodeIdentity.uncertified(Ed25519KeyPair.generate(new java.security.SecureRandom())),
              MembershipPolicy.open(),
              new InetSocketAddress("127.0.0.1", 0));
      nodes.add(node);
      if (i > 0) {
        await(node.join(List.of(nodes.get(0).address())));
      }
    }
    Clock clock = Clock.systemUTC();
    List<SearchIndex> indexes = new ArrayList<>();
    for (UdpDhtNode n : nodes) {
      indexes.add(SearchIndex.create(n.node(), Ads.EUR, clock));
    }
    Map<String, Advertisement> live = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      int host = random.nextInt(nodes.size());
      Ed25519KeyPair key = nodes.get(host).node().key();
      Advertisement ad = Ads.random(random, key, "m-" + i, 1, clock.instant(), 3600);
      await(indexes.get(host).publish(SignedEnvelope.sign(Advertisement.TYPE, ad, key), key));
      live.put(ad.hostId() + "/" + ad.machineId(), ad);
    }
    for (int q = 0; q < 40; q++) {
      Query query = Queries.random(random, List.of());
      SearchResult r =
          await(
              indexes
                  .get(random.nextInt(indexes.size()))
                  .search(query, SearchOptions.defaults().withPageSize(1000)));
      assertEquals(
          Oracle.expect(live, null, query, clock.instant()),
          r.offers().stream().map(Offer::machineKey).toList(),
          query.toString());
    }
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(20, TimeUnit.SECONDS);
  }
}
