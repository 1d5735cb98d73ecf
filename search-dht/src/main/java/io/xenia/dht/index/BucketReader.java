package io.xenia.dht.index;

import io.xenia.dht.BloomFilter;
import io.xenia.dht.DhtNode;
import io.xenia.dht.Digest;
import io.xenia.dht.Entry;
import io.xenia.dht.LookupStats;
import io.xenia.dht.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Executes a {@link Plan} against the DHT in one phase: the filter dimension's digests and the
 * driver's buckets are read side by side, then the driver's entries are cut to its ranges and to
 * the filter's Bloom filters (united across its buckets) before any signature is checked; an empty
 * filter dimension empties the result. A driver bucket is read whole even when the range covers
 * only part of it (a digest first would cost a second phase whenever the range overlaps it). The
 * buckets this node holds itself are read together ({@link DhtNode#readNearby}: one digest request
 * per peer, entries only where that peer's copy differs from its own, merged); the others by
 * lookups that merge two holders, so a holder still catching up on replication cannot hide entries.
 * Futures complete on the node's thread.
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
    List<NodeId> filterBuckets = new ArrayList<>();
    plan.filter()
        .ifPresent(
            filter -> {
              for (int b : filter.buckets()) {
                filterBuckets.add(keys.bucket(filter.dimension(), b));
              }
            });
    BucketScan driver = plan.driver();
    List<NodeId> driverBuckets = new ArrayList<>();
    for (int b : driver.buckets()) {
      driverBuckets.add(keys.bucket(driver.dimension(), b));
    }
    List<NodeId> all = new ArrayList<>(filterBuckets);
    all.addAll(driverBuckets);
    int bucketsRead = all.size();
    return node.readNearby(all, IndexKeys.DOMAIN)
        .thenCompose(
            nearby -> {
              List<LookupStats> costs = new ArrayList<>();
              costs.add(nearby.stats());
              // Buckets this node does not hold are read by lookups, side by side.
              List<CompletableFuture<Digest>> digests = new ArrayList<>();
              for (int i = 0; i < filterBuckets.size(); i++) {
                digests.add(digestOf(filterBuckets.get(i), nearby.entries().get(i), costs));
              }
              List<CompletableFuture<List<Entry>>> reads = new ArrayList<>();
              for (int i = 0; i < driverBuckets.size(); i++) {
                reads.add(
                    entriesOf(
                        driverBuckets.get(i),
                        nearby.entries().get(filterBuckets.size() + i),
                        costs));
              }
              List<CompletableFuture<?>> pending = new ArrayList<>(digests);
              pending.addAll(reads);
              return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                  .thenApply(ignored -> cut(plan, digests, reads, bucketsRead, costs));
            });
  }

  private BucketRead cut(
      Plan plan,
      List<CompletableFuture<Digest>> digests,
      List<CompletableFuture<List<Entry>>> reads,
      int bucketsRead,
      List<LookupStats> costs) {
    LookupStats cost;
    synchronized (costs) {
      cost = Costs.parallel(costs);
    }
    BloomFilter union = null;
    if (plan.filter().isPresent()) {
      BucketScan filter = plan.filter().get();
      union = BloomFilter.empty();
      int count = 0;
      for (CompletableFuture<Digest> f : digests) {
        Digest d = f.join();
        if (d.count() > 0 && filter.ranges().overlaps(d.minSortKey(), d.maxSortKey())) {
          union = union.or(d.contentKeys());
          count += d.count();
        }
      }
      if (count == 0) { // the intersection with an empty dimension is empty
        return new BucketRead(List.of(), bucketsRead, cost);
      }
    }
    BucketScan driver = plan.driver();
    List<Entry> out = new ArrayList<>();
    for (CompletableFuture<List<Entry>> r : reads) {
      for (Entry e : r.join()) {
        if (driver.ranges().contains(e.sortKey())
            && (union == null || union.mightContain(e.key().content()))) {
          out.add(e);
        }
      }
    }
    return new BucketRead(out, bucketsRead, cost);
  }

  /** A filter bucket's digest: of the entries read nearby, or by a digest lookup. */
  private CompletableFuture<Digest> digestOf(
      NodeId bucket, Optional<List<Entry>> nearby, List<LookupStats> costs) {
    if (nearby.isPresent()) {
      return CompletableFuture.completedFuture(Digest.of(nearby.get()));
    }
    return node.get(bucket, IndexKeys.DOMAIN)
        .nearby()
        .startDigest(0)
        .thenApply(
            d -> {
              synchronized (costs) {
                costs.add(d.stats());
              }
              return d.digest();
            });
  }

  /** A driver bucket's entries: read nearby, or by a lookup. */
  private CompletableFuture<List<Entry>> entriesOf(
      NodeId bucket, Optional<List<Entry>> nearby, List<LookupStats> costs) {
    if (nearby.isPresent()) {
      return CompletableFuture.completedFuture(nearby.get());
    }
    return node.get(bucket, IndexKeys.DOMAIN)
        .nearby()
        .start()
        .thenApply(
            r -> {
              synchronized (costs) {
                costs.add(r.stats());
              }
              return r.entries();
            });
  }
}
