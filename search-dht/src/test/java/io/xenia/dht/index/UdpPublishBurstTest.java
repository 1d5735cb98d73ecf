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
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 400 publishes fired at once from 16 nodes over real UDP: every one succeeds and every ad is found
 * afterwards by several readers. (A burst once left 169 of 400 readable while every future reported
 * success: requests beyond what the peers' sockets and event loops absorbed timed out, and a
 * publish succeeded if any one entry reached any one holder. Now requests queue per peer, a holder
 * that did not answer is asked once more, and a publish that still misses most holders of an entry
 * fails, and holders silent through both attempts are sent the entry again in the background, so a
 * reader that met two of them sees the ad within seconds.)
 */
class UdpPublishBurstTest {
  private final List<UdpDhtNode> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(UdpDhtNode::close);
  }

  @Test
  void fourHundredConcurrentPublishesAreAllFound() throws Exception {
    Random random = new Random(31);
    Clock clock = Clock.systemUTC();
    DhtConfig config = DhtConfig.defaults();
    for (int i = 0; i < 16; i++) {
      UdpDhtNode node =
          UdpDhtNode.start(
              config,
              NodeIdentity.uncertified(Ed25519KeyPair.generate(new java.security.SecureRandom())),
              MembershipPolicy.open(),
              new InetSocketAddress("127.0.0.1", 0));
      nodes.add(node);
      if (i > 0) {
        node.join(List.of(nodes.get(0).address())).get(60, TimeUnit.SECONDS);
      }
    }
    List<SearchIndex> indexes = new ArrayList<>();
    for (UdpDhtNode n : nodes) {
      indexes.add(SearchIndex.create(n.node(), Ads.EUR, clock));
    }
    Map<String, Advertisement> live = new LinkedHashMap<>();
    Map<String, CompletableFuture<PublishResult>> publishes = new LinkedHashMap<>();
    long started = System.nanoTime();
    for (int i = 0; i < 400; i++) {
      int via = i % nodes.size();
      Ed25519KeyPair key = nodes.get(via).node().key();
      Advertisement ad = Ads.random(random, key, "burst-" + i, 1, clock.instant(), 3600);
      String machine = ad.hostId() + "/" + ad.machineId();
      live.put(machine, ad);
      publishes.put(
          machine, indexes.get(via).publish(SignedEnvelope.sign(Advertisement.TYPE, ad, key), key));
    }
    CompletableFuture.allOf(publishes.values().toArray(CompletableFuture[]::new))
        .handle((r, e) -> null)
        .get(20, TimeUnit.MINUTES); // the machine is shared; usually seconds
    System.out.printf(
        "burst: 400 publishes (signing included) in %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
    nodes.forEach(n -> System.out.println("burst metrics: " + n.node().metrics()));
    List<String> failed = new ArrayList<>();
    for (Map.Entry<String, CompletableFuture<PublishResult>> p : publishes.entrySet()) {
      try {
        p.getValue().get(1, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failed.add(p.getKey() + ": " + e.getCause());
      }
    }
    assertEquals(List.of(), failed, "failed publishes");
    Query everything = Query.parse("cpu>=0");
    for (int reader = 0; reader < nodes.size(); reader += 5) {
      // A put that some holders never answered is repeated in the background (after 1, 4, 15 s);
      // a reader merging its own copy and one peer's may need that on a loaded machine. Each
      // reader gets 20 s, and the time it needed is printed.
      long readStart = System.nanoTime();
      TreeSet<String> missing = new TreeSet<>();
      SearchResult r;
      do {
        r =
            indexes
                .get(reader)
                .search(everything, SearchOptions.defaults().withPageSize(1000))
                .get(120, TimeUnit.SECONDS);
        missing.clear();
        missing.addAll(live.keySet());
        r.offers().forEach(o -> missing.remove(o.machineKey()));
        if (missing.isEmpty()) {
          break;
        }
        Thread.sleep(200);
      } while (System.nanoTime() - readStart < TimeUnit.SECONDS.toNanos(20));
      System.out.printf(
          "burst: reader %d saw all 400 after %d ms%n",
          reader, (System.nanoTime() - readStart) / 1_000_000);
      assertEquals(new TreeSet<String>(), missing, "missing at reader " + reader);
      assertEquals(400, r.total(), "reader " + reader);
    }
  }
}
