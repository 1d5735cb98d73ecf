package io.xenia.dht.index;

import io.xenia.dht.LookupStats;
import io.xenia.dht.query.Compare;
import io.xenia.dht.query.Op;
import io.xenia.dht.query.Predicate;
import io.xenia.dht.query.ProximityTerm;
import io.xenia.dht.query.RttWithin;
import io.xenia.dht.query.Value;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Explains a query. To count exactly what relaxing each term would add, it reads the candidates of
 * the query and of the query without each attribute predicate (reads whose plan is the same are
 * shared): every offer that fails only that predicate matches the rest, so it is among those
 * candidates. Then, per term, it counts the candidates the term excludes and the ones it alone
 * blocks, and finds the nearest relaxed bound: the bound that admits the blocked offer closest to
 * it ({@code mem>=64GiB} becomes {@code mem>=48GiB} if the best blocked offer has 48 GiB).
 */
final class Explainer {
  private final Collector collector;

  Explainer(Collector collector) {
    this.collector = collector;
  }

  CompletableFuture<Explanation> explain(
      List<Predicate> predicates, List<ProximityTerm> proximity, int inlineLimit, String text) {
    List<List<Predicate>> reads = new ArrayList<>();
    List<Plan> plans = new ArrayList<>();
    addRead(reads, plans, predicates);
    for (Predicate p : predicates) {
      List<Predicate> rest = new ArrayList<>(predicates);
      rest.remove(p);
      addRead(reads, plans, rest);
    }
    List<CompletableFuture<Collected>> calls = new ArrayList<>();
    for (List<Predicate> read : reads) {
      calls.add(collector.collect(read, proximity, inlineLimit));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              Map<String, Candidate> universe = new LinkedHashMap<>();
              List<LookupStats> costs = new ArrayList<>();
              Collected first = calls.get(0).join();
              for (CompletableFuture<Collected> call : calls) {
                Collected c = call.join();
                costs.add(c.stats());
                for (Candidate candidate : c.candidates()) {
                  universe.merge(
                      candidate.machineKey(),
                      candidate,
                      (a, b) -> b.ad().sequence() > a.ad().sequence() ? b : a);
                }
              }
              Evaluation all = new Evaluation(predicates, proximity, first.references());
              return report(
                  text,
                  predicates,
                  proximity,
                  all,
                  List.copyOf(universe.values()),
                  Costs.parallel(costs));
            });
  }

  private static void addRead(List<List<Predicate>> reads, List<Plan> plans, List<Predicate> read) {
    Plan plan = Plan.of(read);
    for (Plan known : plans) {
      if (known.sameReads(plan)) {
        return;
      }
    }
    plans.add(plan);
    reads.add(read);
  }

  private Explanation report(
      String text,
      List<Predicate> predicates,
      List<ProximityTerm> proximity,
      Evaluation all,
      List<Candidate> universe,
      LookupStats stats) {
    List<Object> terms = new ArrayList<>(predicates);
    for (ProximityTerm t : proximity) {
      if (t instanceof RttWithin) {
        terms.add(t);
      }
    }
    int matches = 0;
    for (Candidate c : universe) {
      matches += all.matches(c) ? 1 : 0;
    }
    List<Explanation.TermReport> reports = new ArrayList<>();
    List<Explanation.Relaxation> relaxations = new ArrayList<>();
    for (Object term : terms) {
      int excluded = 0;
      List<Candidate> blocked = new ArrayList<>();
      for (Candidate c : universe) {
        if (!passes(all, term, c)) {
          excluded++;
          if (passesOthers(all, terms, term, c)) {
            blocked.add(c);
          }
        }
      }
      reports.add(new Explanation.TermReport(term.toString(), excluded, blocked.size()));
      if (!blocked.isEmpty()) {
        nearest(all, term, blocked).ifPresent(relaxations::add);
        relaxations.add(new Explanation.Relaxation(term.toString(), "", blocked.size()));
      }
    }
    return new Explanation(text, matches, universe.size(), reports, relaxations, stats);
  }

  private static boolean passes(Evaluation all, Object term, Candidate c) {
    if (term instanceof Predicate p) {
      return OfferAttributes.test(p, c.ad());
    }
    return all.accepts((ProximityTerm) term, c);
  }

  private static boolean passesOthers(
      Evaluation all, List<Object> terms, Object except, Candidate c) {
    for (Object t : terms) {
      if (t != except && !passes(all, t, c)) {
        return false;
      }
    }
    return true;
  }

  /** The relaxed bound admitting the blocked offer closest to the term's bound, if it has one. */
  private static java.util.Optional<Explanation.Relaxation> nearest(
      Evaluation all, Object term, List<Candidate> blocked) {
    Object relaxed = null;
    if (term instanceof Compare c && c.op().isOrdering()) {
      boolean lower = c.op() == Op.GE || c.op() == Op.GT;
      BigDecimal best = null;
      for (Candidate b : blocked) {
        BigDecimal v = number(OfferAttributes.value(c.attribute(), b.ad()));
        if (best == null || (lower ? v.compareTo(best) > 0 : v.compareTo(best) < 0)) {
          best = v;
        }
      }
      relaxed = new Compare(c.attribute(), lower ? Op.GE : Op.LE, new Value.Num(best));
    } else if (term instanceof RttWithin r) {
      double best = Double.MAX_VALUE;
      for (Candidate b : blocked) {
        best = Math.min(best, all.maxRtt(r.hostIds(), b));
      }
      BigDecimal limit = BigDecimal.valueOf(best).setScale(1, RoundingMode.CEILING);
      relaxed = new RttWithin(r.hostIds(), false, limit);
    }
    if (relaxed == null) {
      return java.util.Optional.empty();
    }
    int added = 0;
    for (Candidate b : blocked) {
      added += passes(all, relaxed, b) ? 1 : 0;
    }
    return java.util.Optional.of(
        new Explanation.Relaxation(term.toString(), relaxed.toString(), added));
  }

  private static BigDecimal number(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    return BigDecimal.valueOf(((Number) value).longValue());
  }
}
