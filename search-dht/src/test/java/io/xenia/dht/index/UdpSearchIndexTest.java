package io.xenia.dht.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    List<SearchIndex> indexes = start(12);
    Clock clock = Clock.systemUTC();
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

  /**
   * A bucket of more offers than one datagram holds is answered over TCP in one frame: a reader
   * gets every one of them (more than the 256 entries a message carried at first).
   */
  @Test
  void aBucketOfSeveralHundredOffersIsReadWhole() throws Exception {
    Random random = new Random(23);
    List<SearchIndex> indexes = start(30); // more than k, so some readers hold no copy themselves
    Clock clock = Clock.systemUTC();
    List<CompletableFuture<PublishResult>> publishes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int host = i % nodes.size();
      Ed25519KeyPair key = nodes.get(host).node().key();
      Advertisement ad = Ads.random(random, key, "big-" + i, 1, clock.instant(), 3600);
      Advertisement eight =
          new Advertisement(
              1,
              ad.hostId(),
              ad.ownerAccountId(),
              ad.machineId(),
              ad.location(),
              new io.xenia.protocol.records.Resources(8, 8192, 100, 1000, 0, ""),
              new io.xenia.protocol.records.Resources(8, 8192, 100, 1000, 0, ""),
              ad.capabilities(),
              ad.prices(),
              1,
              ad.issuedAt(),
              3600);
      publishes.add(
          indexes.get(host).publish(SignedEnvelope.sign(Advertisement.TYPE, eight, key), key));
      if (publishes.size() % 20 == 0) { // as hosts would, not all 400 in the same millisecond
        await(publishes.get(publishes.size() - 1));
      }
    }
    for (CompletableFuture<PublishResult> p : publishes) {
      await(p);
    }
    io.xenia.dht.NodeId bucket =
        new IndexKeys(Ads.EUR).bucket(Dimension.CPU, Dimension.CPU.bucketOf(8));
    List<io.xenia.dht.NodeId> holders =
        nodes.stream()
            .map(n -> n.node().id())
            .sorted(bucket::compareDistances)
            .limit(DhtConfig.defaults().k())
            .toList();
    int nonHolders = 0;
    for (int reader = 0; reader < nodes.size(); reader++) {
      SearchResult r =
          await(
              indexes
                  .get(reader)
                  .search(Query.parse("cpu=8"), SearchOptions.defaults().withPageSize(1000)));
      assertEquals(300, r.total(), "reader " + reader);
      nonHolders += holders.contains(nodes.get(reader).node().id()) ? 0 : 1;
    }
    assertTrue(nonHolders > 0, "some readers hold no copy of the bucket");
  }

  private List<SearchIndex> start(int count) throws Exception {
    DhtConfig config = DhtConfig.defaults().withRpcTimeoutMillis(300);
    for (int i = 0; i < count; i++) {
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
    List<SearchIndex> indexes = new ArrayList<>();
    for (UdpDhtNode n : nodes) {
      indexes.add(SearchIndex.create(n.node(), Ads.EUR, Clock.systemUTC()));
    }
    return indexes;
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(60, TimeUnit.SECONDS); // generous: the machine is shared
  }
}
