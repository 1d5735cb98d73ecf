package io.xenia.bench.dht;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtKey;
import io.xenia.dht.DhtNode;
import io.xenia.dht.GetResult;
import io.xenia.dht.LookupStats;
import io.xenia.dht.NodeId;
import io.xenia.dht.NodesResult;
import io.xenia.dht.transport.sim.SimCluster;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * DHT figures from the deterministic simulator, for the closing notes of search-dht:
 *
 * <ul>
 *   <li>{@code rounds N...}: lookup rounds (hops) for random FIND_NODE targets and for gets of
 *       stored values, against the bound log2(N/k) + 1;
 *   <li>{@code churn N FRACTION}: kill that fraction of nodes with no repair, then get every stored
 *       value from a live node;
 *   <li>{@code memory N}: build N nodes and print the heap they hold (run with -Xmx512m).
 * </ul>
 */
public final class SimulationBench {
  private SimulationBench() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: SimulationBench rounds N... | churn N FRACTION | memory N");
      System.exit(2);
    }
    switch (args[0]) {
      case "rounds" -> {
        for (int i = 1; i < args.length; i++) {
          rounds(Integer.parseInt(args[i]));
        }
      }
      case "churn" -> churn(Integer.parseInt(args[1]), Double.parseDouble(args[2]));
      case "memory" -> memory(Integer.parseInt(args[1]));
      default -> {
        System.err.println("unknown mode " + args[0]);
        System.exit(2);
      }
    }
  }

  private static SimCluster build(int n, long seed) {
    long start = System.nanoTime();
    SimCluster cluster = new SimCluster(seed, DhtConfig.defaults());
    for (int i = 0; i < n; i++) {
      cluster.add();
      if ((i + 1) % 2000 == 0) {
        System.err.printf("  %d nodes joined (%.0f s)%n", i + 1, (System.nanoTime() - start) / 1e9);
      }
    }
    System.err.printf(
        "built %d nodes in %.1f s wall, %d messages%n",
        n, (System.nanoTime() - start) / 1e9, cluster.network().delivered());
    return cluster;
  }

  /**
   * Measures twice: right after the last node joined, and again after one bucket-refresh interval
   * of virtual time, when every node has refreshed its idle buckets as a running network does.
   */
  static void rounds(int n) {
    SimCluster cluster = build(n, 42);
    Random random = new Random(7);
    measureRounds(cluster, "joined", random);
    long start = System.nanoTime();
    cluster
        .network()
        .runFor(Duration.ofMillis(DhtConfig.defaults().refreshIntervalMillis() + 60_000));
    System.err.printf(
        "one refresh interval ran in %.1f s wall, %d messages in all%n",
        (System.nanoTime() - start) / 1e9, cluster.network().delivered());
    measureRounds(cluster, "refreshed", random);
  }

  private static void measureRounds(SimCluster cluster, String label, Random random) {
    int n = cluster.size();
    int samples = 1000;
    int[] findNode = new int[samples];
    int[] findNodeMessages = new int[samples];
    for (int i = 0; i < samples; i++) {
      DhtNode from = cluster.node(random.nextInt(n));
      CompletableFuture<LookupStats> stats = statsOfFindNode(from, NodeId.random(random));
      LookupStats s = cluster.network().await(stats);
      findNode[i] = s.rounds();
      findNodeMessages[i] = s.messages();
    }
    int values = 200;
    List<DhtKey> keys = new ArrayList<>();
    for (int i = 0; i < values; i++) {
      DhtKey key = DhtKey.of("bench-" + label + "-" + i, "rounds", "v");
      keys.add(key);
      cluster
          .network()
          .await(cluster.node(random.nextInt(n)).put(key).value(new byte[] {1}).start());
    }
    int[] get = new int[samples];
    int[] getMessages = new int[samples];
    for (int i = 0; i < samples; i++) {
      DhtKey key = keys.get(random.nextInt(values));
      GetResult result =
          cluster
              .network()
              .await(cluster.node(random.nextInt(n)).get(key.location(), key.domain()).start());
      get[i] = result.stats().rounds();
      getMessages[i] = result.stats().messages();
    }
    double bound = Math.log(n / 20.0) / Math.log(2) + 1;
    System.out.printf(
        "rounds N=%d %s bound(log2(N/k)+1)=%.2f | FIND_NODE mean=%.2f p99=%d msgs=%.1f | "
            + "get mean=%.2f p99=%d msgs=%.1f%n",
        n,
        label,
        bound,
        mean(findNode),
        p99(findNode),
        mean(findNodeMessages),
        mean(get),
        p99(get),
        mean(getMessages));
    System.out.printf(
        "  hops (rounds:lookups) FIND_NODE %s | get %s%n", histogram(findNode), histogram(get));
  }

  private static CompletableFuture<LookupStats> statsOfFindNode(DhtNode from, NodeId target) {
    return from.findNode(target).thenApply(NodesResult::stats);
  }

  static void churn(int n, double fraction) {
    SimCluster cluster = build(n, 43);
    Random random = new Random(11);
    int values = 1000;
    List<DhtKey> keys = new ArrayList<>();
    for (int i = 0; i < values; i++) {
      DhtKey key = DhtKey.of("churn-" + i, "bench", "v");
      keys.add(key);
      cluster
          .network()
          .await(
              cluster
                  .node(random.nextInt(n))
                  .put(key)
                  .value(new byte[] {2})
                  .republish(false)
                  .start());
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, random);
    int kill = (int) Math.round(n * fraction);
    for (int i = 0; i < kill; i++) {
      cluster.kill(order.get(i));
    }
    int found = 0;
    int[] rounds = new int[values];
    for (int i = 0; i < values; i++) {
      int from;
      do {
        from = random.nextInt(n);
      } while (!cluster.isAlive(from));
      DhtKey key = keys.get(i);
      GetResult result =
          cluster.network().await(cluster.node(from).get(key.location(), key.domain()).start());
      found += result.entries().isEmpty() ? 0 : 1;
      rounds[i] = result.stats().rounds();
    }
    System.out.printf(
        "churn N=%d killed=%d (%.0f%%) gets succeeded %d/%d = %.2f%% (mean rounds %.2f)%n",
        n, kill, fraction * 100, found, values, 100.0 * found / values, mean(rounds));
  }

  static void memory(int n) {
    long before = usedHeapAfterGc();
    SimCluster cluster = build(n, 44);
    cluster.network().runFor(java.time.Duration.ofMinutes(1));
    long after = usedHeapAfterGc();
    System.out.printf(
        "memory N=%d heap max=%d MiB, used by the cluster %.1f MiB = %.1f KiB per node%n",
        n,
        Runtime.getRuntime().maxMemory() >> 20,
        (after - before) / 1048576.0,
        (after - before) / 1024.0 / n);
    if (cluster.size() != n) {
      throw new IllegalStateException("cluster lost nodes");
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double mean(int[] values) {
    return Arrays.stream(values).average().orElse(0);
  }

  /** "1:12 2:430 ..." — how the rounds are spread, to see what a p99 rests on. */
  private static String histogram(int[] values) {
    java.util.TreeMap<Integer, Integer> counts = new java.util.TreeMap<>();
    for (int value : values) {
      counts.merge(value, 1, Integer::sum);
    }
    StringBuilder text = new StringBuilder();
    counts.forEach(
        (rounds, n) ->
            text.append(text.length() == 0 ? "" : " ").append(rounds).append(':').append(n));
    return text.toString();
  }

  private static int p99(int[] values) {
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
  }
}
