package io.xenia.dht.index;

import io.xenia.dht.BloomFilter;
import io.xenia.dht.DhtNode;
import io.xenia.dht.DigestResult;
import io.xenia.dht.Entry;
import io.xenia.dht.GetResult;
import io.xenia.dht.LookupStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Executes a {@link Plan} against the DHT in one phase: the filter dimension's digests and the
 * driver's buckets are read side by side, then the driver's entries are cut to its ranges and to
 * the filter's Bloom filters (united across its buckets) before any signature is checked; an empty
 * filter dimension empties the result. A driver bucket is read whole even when the range covers
 * only part of it (a digest first would cost a second phase whenever the range overlaps it). Every
 * read is {@link io.xenia.dht.GetBuilder#nearby() nearby}: a node among a bucket's holders merges
 * its own copy with one other holder's, anyone else runs a lookup that merges two holders, so a
 * holder still catching up on replication cannot hide entries. Futures complete on the node's
 * thread.
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
    List<CompletableFuture<DigestResult>> digests = new ArrayList<>();
    plan.filter()
        .ifPresent(
            filter -> {
              for (int b : filter.buckets()) {
                digests.add(
                    node.get(keys.bucket(filter.dimension(), b), IndexKeys.DOMAIN)
                        .nearby()
                        .startDigest(0));
              }
            });
    BucketScan driver = plan.driver();
    List<CompletableFuture<GetResult>> reads = new ArrayList<>();
    for (int b : driver.buckets()) {
      reads.add(node.get(keys.bucket(driver.dimension(), b), IndexKeys.DOMAIN).nearby().start());
    }
    List<CompletableFuture<?>> all = new ArrayList<>(digests);
    all.addAll(reads);
    int bucketsRead = digests.size() + reads.size();
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<LookupStats> costs = new ArrayList<>();
              BloomFilter union = null;
              if (plan.filter().isPresent()) {
                BucketScan filter = plan.filter().get();
                union = BloomFilter.empty();
                int count = 0;
                for (CompletableFuture<DigestResult> f : digests) {
                  DigestResult d = f.join();
                  costs.add(d.stats());
                  if (d.digest().count() > 0
                      && filter
                          .ranges()
                          .overlaps(d.digest().minSortKey(), d.digest().maxSortKey())) {
                    union = union.or(d.digest().contentKeys());
                    count += d.digest().count();
                  }
                }
                if (count == 0) { // the intersection with an empty dimension is empty
                  reads.forEach(r -> costs.add(r.join().stats()));
                  return new BucketRead(List.of(), bucketsRead, Costs.parallel(costs));
                }
              }
              List<Entry> out = new ArrayList<>();
              for (CompletableFuture<GetResult> r : reads) {
                costs.add(r.join().stats());
                for (Entry e : r.join().entries()) {
                  if (driver.ranges().contains(e.sortKey())
                      && (union == null || union.mightContain(e.key().content()))) {
                    out.add(e);
                  }
                }
              }
              return new BucketRead(out, bucketsRead, Costs.parallel(costs));
            });
  }
}
