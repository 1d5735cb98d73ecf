package io.xenia.dht.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtKey;
import io.xenia.dht.DhtNode;
import io.xenia.dht.GetResult;
import io.xenia.dht.NodeId;
import io.xenia.dht.transport.sim.SimCluster;
import io.xenia.dht.transport.sim.SimNetwork;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The scenarios on the deterministic simulator, plus the ones that need virtual time. */
class SimDhtScenariosTest extends DhtScenarios {
  private SimCluster cluster;

  @Override
  protected DhtHarness start(int nodes) {
    cluster = new SimCluster(nodes * 7919L, DhtConfig.defaults()).grow(nodes);
    return new DhtHarness() {
      @Override
      public DhtNode node(int index) {
        return cluster.node(index);
      }

      @Override
      public int size() {
        return cluster.size();
      }

      @Override
      public <T> T await(CompletableFuture<T> future) {
        return cluster.network().await(future);
      }

      @Override
      public long nowMillis() {
        return SimNetwork.EPOCH_MILLIS + cluster.network().nanoTime() / 1_000_000;
      }

      @Override
      public void kill(int index) {
        cluster.kill(index);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  protected int networkSize() {
    return 120;
  }

  @Test
  void aLookupFindsExactlyTheKClosestLiveNodes() {
    Random random = new Random(3);
    for (int round = 0; round < 20; round++) {
      NodeId target = NodeId.random(random);
      List<NodeId> truth =
          cluster.nodes().stream()
              .map(DhtNode::id)
              .sorted((a, b) -> target.compareDistances(a, b))
              .limit(20)
              .toList();
      DhtNode from = cluster.node(random.nextInt(cluster.size()));
      List<NodeId> found =
          net.await(from.findNode(target)).peers().stream().map(p -> p.id()).toList();
      List<NodeId> expected = truth.stream().filter(id -> !id.equals(from.id())).limit(20).toList();
      assertEquals(
          expected.stream().sorted(Comparator.comparing(NodeId::toHex)).toList(),
          found.stream()
              .limit(expected.size())
              .sorted(Comparator.comparing(NodeId::toHex))
              .toList(),
          "round " + round);
    }
  }

  @Test
  void valuesExpireAfterTheirTtl() {
    DhtKey key = DhtKey.of("ttl", "d", "c");
    net.await(
        cluster
            .node(1)
            .put(key)
            .value(bytes("brief"))
            .ttl(Duration.ofMinutes(5))
            .republish(false)
            .start());
    cluster.network().runFor(Duration.ofMinutes(4));
    assertEquals(1, get(key).entries().size());
    cluster.network().runFor(Duration.ofMinutes(2));
    assertTrue(get(key).entries().isEmpty());
    long held = cluster.nodes().stream().mapToLong(n -> n.metrics().storedEntries()).sum();
    assertEquals(0, held, "the expiry sweep dropped every copy");
  }

  @Test
  void theOwnerRepublishesBeforeExpirySoAValueOutlivesItsTtl() {
    DhtKey key = DhtKey.of("republish", "d", "c");
    net.await(cluster.node(1).put(key).value(bytes("kept")).ttl(Duration.ofMinutes(5)).start());
    cluster.network().runFor(Duration.ofMinutes(30));
    assertEquals(1, get(key).entries().size());
  }

  @Test
  void nodesThatJoinLaterReceiveTheValuesTheyAreNowClosestTo() {
    DhtKey key = DhtKey.of("handover", "d", "c");
    net.await(cluster.node(1).put(key).value(bytes("x")).republish(false).start());
    cluster.grow(120);
    List<DhtNode> closest =
        cluster.nodes().stream()
            .sorted((a, b) -> key.location().compareDistances(a.id(), b.id()))
            .limit(20)
            .toList();
    long holders =
        closest.stream()
            .filter(
                n ->
                    !cluster
                        .network()
                        .await(n.get(key.location(), key.domain()).content(key.content()).start())
                        .entries()
                        .isEmpty())
            .count();
    long newcomersHolding =
        closest.stream()
            .filter(n -> cluster.nodes().indexOf(n) >= 120)
            .filter(n -> n.metrics().storedEntries() > 0)
            .count();
    long newcomersAmongClosest =
        closest.stream().filter(n -> cluster.nodes().indexOf(n) >= 120).count();
    assertEquals(20, holders);
    assertEquals(newcomersAmongClosest, newcomersHolding, "every close newcomer got a copy");
  }

  private GetResult get(DhtKey key) {
    return net.await(cluster.node(7).get(key.location(), key.domain()).start());
  }
}
