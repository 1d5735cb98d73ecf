package io.xenia.dht.index;

import io.xenia.dht.Entry;
import io.xenia.dht.query.Near;
import io.xenia.dht.query.Predicate;
import io.xenia.dht.query.ProximityTerm;
import io.xenia.dht.query.RttWithin;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the candidates of a set of predicates: plans, reads buckets, verifies each entry, keeps the
 * newest advertisement per machine (a bucket entry left behind by an older sequence loses to a
 * newer one) and drops expired ones; looks up the reference coordinates alongside.
 */
final class Collector {
  private final BucketReader reader;
  private final References references;
  private final EntryVerifier verifier;
  private final Clock clock;

  Collector(BucketReader reader, References references, EntryVerifier verifier, Clock clock) {
    this.reader = reader;
    this.references = references;
    this.verifier = verifier;
    this.clock = clock;
  }

  CompletableFuture<Collected> collect(
      List<Predicate> predicates, List<ProximityTerm> proximity, int inlineLimit) {
    List<String> hosts = new ArrayList<>();
    for (ProximityTerm t : proximity) {
      if (t instanceof Near n) {
        hosts.add(n.hostId());
      } else if (t instanceof RttWithin r) {
        hosts.addAll(r.hostIds());
      }
    }
    CompletableFuture<References.Found> refs =
        hosts.isEmpty()
            ? CompletableFuture.completedFuture(
                new References.Found(Map.of(), io.xenia.dht.LookupStats.NONE))
            : references.lookup(hosts);
    CompletableFuture<BucketRead> read = reader.read(Plan.of(predicates), inlineLimit);
    return read.thenCombine(
        refs,
        (r, found) ->
            new Collected(
                newest(r.entries()),
                found.coordinates(),
                r.bucketsRead(),
                Costs.parallel(List.of(r.stats(), found.stats()))));
  }

  private List<Candidate> newest(List<Entry> entries) {
    Map<String, Candidate> byMachine = new LinkedHashMap<>();
    java.time.Instant now = clock.instant();
    for (Entry e : entries) {
      Optional<Candidate> c = verifier.verify(e);
      if (c.isPresent()) {
        byMachine.merge(
            c.get().machineKey(), c.get(), (a, b) -> b.ad().sequence() > a.ad().sequence() ? b : a);
      }
    }
    List<Candidate> out = new ArrayList<>();
    for (Candidate c : byMachine.values()) {
      if (c.ad().isValidAt(now)) {
        out.add(c);
      }
    }
    return out;
  }
}
