package io.xenia.dht.index;

import io.xenia.dht.BloomFilter;
import io.xenia.dht.DhtNode;
import io.xenia.dht.DigestResult;
import io.xenia.dht.Entry;
import io.xenia.dht.GetResult;
import io.xenia.dht.LookupStats;
import io.xenia.dht.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Executes a {@link Plan} against the DHT: the filter dimension's digests first, then the driver's
 * buckets, a bucket the allowed keys cover entirely by a plain get and an edge bucket by a digest
 * (inlining its entries when few) so that one whose min/max misses the range costs no fetch. Every
 * lookup merges several holders (the core's value lookups do), so a holder still catching up on
 * replication cannot hide entries. Futures complete on the node's thread.
 */
final class BucketReader {
  private final DhtNode node;
  private final IndexKeys keys;

  BucketReader(DhtNode node, IndexKeys keys) {
    this.node = node;
    this.keys = keys;
  }

  CompletableFuture<BucketRead> read(Plan plan, int inlineLimit) {
    if (plan.empty()) {
      return CompletableFuture.completedFuture(new BucketRead(List.of(), 0, LookupStats.NONE));
    }
    if (plan.filter().isEmpty()) {
      return readDriver(plan.driver(), null, inlineLimit, LookupStats.NONE, 0);
    }
    BucketScan filter = plan.filter().get();
    List<CompletableFuture<DigestResult>> digests = new ArrayList<>();
    for (int b : filter.buckets()) {
      digests.add(node.get(keys.bucket(filter.dimension(), b), IndexKeys.DOMAIN).startDigest(0));
    }
    return CompletableFuture.allOf(digests.toArray(CompletableFuture[]::new))
        .thenCompose(
            ignored -> {
              BloomFilter union = BloomFilter.empty();
              int count = 0;
              List<LookupStats> costs = new ArrayList<>();
              for (CompletableFuture<DigestResult> f : digests) {
                DigestResult d = f.join();
                costs.add(d.stats());
                if (d.digest().count() > 0
                    && filter.ranges().overlaps(d.digest().minSortKey(), d.digest().maxSortKey())) {
                  union = union.or(d.digest().contentKeys());
                  count += d.digest().count();
                }
              }
              LookupStats cost = Costs.parallel(costs);
              if (count == 0) {
                // The intersection with an empty dimension is empty: no driver fetch at all.
                return CompletableFuture.completedFuture(
                    new BucketRead(List.of(), digests.size(), cost));
              }
              return readDriver(plan.driver(), union, inlineLimit, cost, digests.size());
            });
  }

  private CompletableFuture<BucketRead> readDriver(
      BucketScan driver, BloomFilter filter, int inlineLimit, LookupStats before, int readBefore) {
    List<CompletableFuture<List<Entry>>> reads = new ArrayList<>();
    List<LookupStats> costs = new ArrayList<>();
    for (int b : driver.buckets()) {
      NodeId location = keys.bucket(driver.dimension(), b);
      if (driver.covered().contains(b)) {
        reads.add(get(location, costs));
      } else {
        reads.add(
            node.get(location, IndexKeys.DOMAIN)
                .startDigest(inlineLimit)
                .thenCompose(
                    d -> {
                      synchronized (costs) {
                        costs.add(d.stats());
                      }
                      if (!driver
                              .ranges()
                              .overlaps(d.digest().minSortKey(), d.digest().maxSortKey())
                          || d.digest().count() == 0) {
                        return CompletableFuture.completedFuture(List.<Entry>of());
                      }
                      return d.complete()
                          ? CompletableFuture.completedFuture(d.inlined())
                          : get(location, costs);
                    }));
      }
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<Entry> out = new ArrayList<>();
              for (CompletableFuture<List<Entry>> r : reads) {
                for (Entry e : r.join()) {
                  if (driver.ranges().contains(e.sortKey())
                      && (filter == null || filter.mightContain(e.key().content()))) {
                    out.add(e);
                  }
                }
              }
              LookupStats cost;
              synchronized (costs) {
                cost = before.plus(Costs.parallel(costs));
              }
              return new BucketRead(out, readBefore + driver.buckets().size(), cost);
            });
  }

  private CompletableFuture<List<Entry>> get(NodeId location, List<LookupStats> costs) {
    return node.get(location, IndexKeys.DOMAIN)
        .start()
        .thenApply(
            (GetResult r) -> {
              synchronized (costs) {
                costs.add(r.stats());
              }
              return r.entries();
            });
  }
}
