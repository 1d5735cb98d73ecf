package io.xenia.bench.dht;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtKey;
import io.xenia.dht.GetResult;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.index.SearchOptions;
import io.xenia.dht.index.SearchResult;
import io.xenia.dht.query.Query;
import io.xenia.dht.security.MembershipPolicy;
import io.xenia.dht.security.NodeIdentity;
import io.xenia.dht.server.UdpDhtNode;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A 3-predicate index query against a point lookup, both over real UDP on 127.0.0.1 in the same
 * run: N in-process nodes (each its own event-loop thread and authenticated sessions), M offers
 * published through the index, then samples alternating one query and one point get (a single
 * FIND_VALUE of one advertisement's bucket entry) from random nodes. Reports p50 and p99 of each
 * and the ratio of the p50s.
 *
 * <p>Usage: {@code IndexLatencyBench [nodes, default 16] [offers, default 400] [samples, default
 * 400] [query, default "cpu>=16 mem>=64GiB price<=1.50"]}.
 */
public final class IndexLatencyBench {
  private IndexLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int offers = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    int samples = args.length > 2 ? Integer.parseInt(args[2]) : 400;
    Query query = Query.parse(args.length > 3 ? args[3] : "cpu>=16 mem>=64GiB price<=1.50");
    Random random = new Random(5);
    List<UdpDhtNode> network = new ArrayList<>();
    try {
      for (int i = 0; i < nodes; i++) {
        UdpDhtNode node =
            UdpDhtNode.start(
                DhtConfig.defaults(),
                NodeIdentity.uncertified(Ed25519KeyPair.generate(new java.security.SecureRandom())),
                MembershipPolicy.open(),
                new InetSocketAddress("127.0.0.1", 0));
        if (i > 0) {
          node.join(List.of(network.get(0).address())).get(20, TimeUnit.SECONDS);
        }
        network.add(node);
      }
      List<SearchIndex> indexes = new ArrayList<>();
      for (UdpDhtNode node : network) {
        indexes.add(SearchIndex.create(node.node(), Offers.EUR, Clock.systemUTC()));
      }
      List<DhtKey> pointKeys = new ArrayList<>();
      Instant now = Instant.now();
      for (int i = 0; i < offers; i++) {
        Ed25519KeyPair host = Ed25519KeyPair.generate(new java.security.SecureRandom());
        SearchIndex via = indexes.get(i % nodes);
        via.publish(Offers.random(host, "m" + i, random, now), host).get(30, TimeUnit.SECONDS);
        pointKeys.add(
            DhtKey.of("xenia-bench-point:" + i, "offers", host.publicKey().fingerprint()));
      }
      // The point lookups read single-value locations published the same way (one entry each).
      for (int i = 0; i < pointKeys.size(); i++) {
        network
            .get(i % nodes)
            .node()
            .put(pointKeys.get(i))
            .value(new byte[600])
            .start()
            .get(30, TimeUnit.SECONDS);
      }
      SearchResult probe = indexes.get(0).search(query, SearchOptions.defaults()).get();
      System.err.printf("query '%s' matches %d of %d offers%n", query, probe.total(), offers);
      long[] queryNanos = new long[samples];
      long[] pointNanos = new long[samples];
      long queryMessages = 0;
      long pointMessages = 0;
      long queryRounds = 0;
      long pointRounds = 0;
      for (int s = 0; s < samples + 50; s++) {
        int from = random.nextInt(nodes);
        long start = System.nanoTime();
        SearchResult result = indexes.get(from).search(query, SearchOptions.defaults()).get();
        long queryTime = System.nanoTime() - start;
        DhtKey key = pointKeys.get(random.nextInt(pointKeys.size()));
        start = System.nanoTime();
        GetResult point = network.get(from).node().get(key.location(), key.domain()).start().get();
        long pointTime = System.nanoTime() - start;
        if (s >= 50) { // the first 50 pairs warm the JIT
          queryNanos[s - 50] = queryTime;
          pointNanos[s - 50] = pointTime;
          queryMessages += result.stats().messages();
          pointMessages += point.stats().messages();
          queryRounds += result.stats().rounds();
          pointRounds += point.stats().rounds();
        }
      }
      double q50 = percentile(queryNanos, 0.50) / 1e6;
      double p50 = percentile(pointNanos, 0.50) / 1e6;
      System.out.printf(
          "index-latency N=%d offers=%d: 3-predicate query p50 %.2f ms p99 %.2f ms (%.1f msgs,"
              + " %.2f rounds); point get p50 %.2f ms p99 %.2f ms (%.1f msgs, %.2f rounds);"
              + " query/point p50 = %.2fx%n",
          nodes,
          offers,
          q50,
          percentile(queryNanos, 0.99) / 1e6,
          (double) queryMessages / samples,
          (double) queryRounds / samples,
          p50,
          percentile(pointNanos, 0.99) / 1e6,
          (double) pointMessages / samples,
          (double) pointRounds / samples,
          q50 / p50);
    } finally {
      network.forEach(UdpDhtNode::close);
    }
  }

  private static double percentile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * q) - 1)];
  }
}
