package io.xenia.bench.dht;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtNode;
import io.xenia.dht.GetResult;
import io.xenia.dht.NodeId;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.index.SearchOptions;
import io.xenia.dht.index.SearchResult;
import io.xenia.dht.query.Query;
import io.xenia.dht.transport.sim.SimCluster;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Capabilities;
import io.xenia.protocol.records.Location;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import io.xenia.protocol.signing.SignedEnvelope;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Messages per range query of the search index against flooding, in one simulated run: N nodes
 * (default 1024), a few thousand random ads published from random nodes, then range queries of
 * about 1 % selectivity from random nodes (half a price band, half {@code cpu>=16} plus a price
 * band). Flooding is measured for real: one node asks every other node directly (a FIND_VALUE each,
 * request plus response), which is what a search without an index must do.
 *
 * <p>Usage: {@code IndexBench [nodes] [ads] [queries]}; defaults 1024 2000 100.
 */
public final class IndexBench {
  private static final Currency EUR = Currency.getInstance("EUR");

  private IndexBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int adCount = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int queries = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    long start = System.nanoTime();
    SimCluster cluster = new SimCluster(42, DhtConfig.defaults()).grow(n);
    System.err.printf("built %d nodes in %.1f s%n", n, (System.nanoTime() - start) / 1e9);
    Random random = new Random(7);
    Map<Integer, SearchIndex> indexes = new HashMap<>();
    List<Advertisement> ads = new ArrayList<>();
    long publishStart = System.nanoTime();
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < adCount; i++) {
      int host = random.nextInt(n);
      DhtNode node = cluster.node(host);
      Advertisement ad = randomAd(random, node, "m-" + i, cluster);
      ads.add(ad);
      SearchIndex index = index(indexes, cluster, host);
      inFlight.add(
          index.publish(SignedEnvelope.sign(Advertisement.TYPE, ad, node.key()), node.key()));
      if (inFlight.size() == 50) { // publish in batches, as many hosts would at once
        cluster
            .network()
            .await(CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)));
        inFlight.clear();
      }
    }
    cluster.network().await(CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)));
    System.err.printf(
        "published %d ads in %.1f s%n", adCount, (System.nanoTime() - publishStart) / 1e9);

    long queryStart = System.nanoTime();
    long messages = 0;
    long rounds = 0;
    long matches = 0;
    long buckets = 0;
    int target = Math.max(1, adCount / 100);
    for (int q = 0; q < queries; q++) {
      Query query =
          q % 2 == 0 ? priceBand(random, ads, target) : cpuAndPriceBand(random, ads, target);
      SearchResult r =
          cluster
              .network()
              .await(
                  index(indexes, cluster, random.nextInt(n))
                      .search(query, SearchOptions.defaults().withPageSize(100)));
      messages += r.stats().messages();
      rounds += r.stats().rounds();
      matches += r.total();
      buckets += r.bucketsRead();
    }
    double perQuery = messages / (double) queries;
    System.err.printf(
        "ran %d queries in %.1f s%n", queries, (System.nanoTime() - queryStart) / 1e9);

    long flood = flood(cluster);
    System.out.printf(
        "index N=%d ads=%d queries=%d | selectivity %.2f%% (%.1f matches) | buckets read %.1f |"
            + " messages/query %.1f rounds/query %.1f | flooding %d messages | ratio %.1fx fewer%n",
        n,
        adCount,
        queries,
        100.0 * matches / queries / adCount,
        matches / (double) queries,
        buckets / (double) queries,
        perQuery,
        rounds / (double) queries,
        flood,
        flood / perQuery);
    System.err.printf("total %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  private static SearchIndex index(Map<Integer, SearchIndex> indexes, SimCluster c, int i) {
    return indexes.computeIfAbsent(i, k -> SearchIndex.create(c.node(k), EUR, c.network().clock()));
  }

  /** One node asks every other node directly for a location: the messages of a flooded query. */
  private static long flood(SimCluster cluster) {
    DhtNode from = cluster.node(0);
    NodeId location = NodeId.random(new Random(1));
    List<CompletableFuture<GetResult>> asks = new ArrayList<>();
    for (int i = 1; i < cluster.size(); i++) {
      asks.add(from.getFrom(cluster.node(i).peerAddress(), location, location));
    }
    cluster.network().await(CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)));
    long messages = 0;
    for (CompletableFuture<GetResult> a : asks) {
      messages += a.join().stats().messages();
    }
    return messages;
  }

  /** {@code price>=a price<=b} around a random position, holding about {@code target} ads. */
  private static Query priceBand(Random r, List<Advertisement> ads, int target) {
    return band(r, ads, target, "");
  }

  private static Query cpuAndPriceBand(Random r, List<Advertisement> ads, int target) {
    List<Advertisement> big = ads.stream().filter(a -> a.available().cpuCores() >= 16).toList();
    return band(r, big, target, "cpu>=16 ");
  }

  private static Query band(Random r, List<Advertisement> ads, int target, String prefix) {
    List<Long> prices =
        ads.stream()
            .map(a -> a.prices().perHour().micros())
            .sorted(Comparator.naturalOrder())
            .toList();
    int from = r.nextInt(Math.max(1, prices.size() - target));
    long low = prices.get(from);
    long high = prices.get(Math.min(prices.size() - 1, from + target - 1));
    return Query.parse(
        prefix
            + "price>="
            + BigDecimal.valueOf(low, 6).toPlainString()
            + " price<="
            + BigDecimal.valueOf(high, 6).toPlainString());
  }

  private static Advertisement randomAd(Random r, DhtNode node, String machineId, SimCluster c) {
    int[] cpus = {1, 2, 4, 8, 16, 32, 64, 128};
    int cpu = cpus[r.nextInt(cpus.length)];
    long mem = (long) cpu * (2 + r.nextInt(7)) * 1024;
    int gpus = r.nextInt(4) == 0 ? 1 + r.nextInt(8) : 0;
    Resources res =
        new Resources(cpu, mem, 100L * (1 + r.nextInt(40)), 10_000, gpus, gpus > 0 ? "H100" : "");
    long micros = 20_000 + (long) (r.nextDouble() * 4_000_000) + gpus * 1_000_000L;
    return new Advertisement(
        1,
        node.key().publicKey().fingerprint(),
        "acct-" + r.nextInt(100),
        machineId,
        Location.region(r.nextBoolean() ? "eu-west-1" : "us-east-1"),
        res,
        res,
        new Capabilities(Set.of("pxe"), Set.of("ubuntu-24.04"), Set.of()),
        PriceList.hourly(Money.ofMicros(EUR, micros)),
        1,
        c.network().clock().instant(),
        3600);
  }
}
