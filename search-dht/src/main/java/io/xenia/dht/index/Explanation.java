package io.xenia.dht.index;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.LookupStats;
import java.util.List;

/**
 * Why a query found what it found: how many offers matched, how many candidates were examined, how
 * many each term excluded, and the nearest relaxations that would add offers.
 *
 * @param query the query as run (canonical text, options' proximity terms included)
 * @param matches offers matching every term
 * @param candidates verified, unexpired candidates examined: every offer that matches all terms but
 *     at most one (so each relaxation's count is exact), plus whatever else the reads returned
 * @param terms one report per filtering term, in query order
 * @param relaxations for each term that alone blocks some offers: the nearest relaxed bound (for
 *     numeric and RTT limits) and dropping the term, each with the offers it would add
 * @param stats what the DHT lookups cost
 */
public record Explanation(
    String query,
    int matches,
    int candidates,
    List<TermReport> terms,
    List<Relaxation> relaxations,
    LookupStats stats) {
  /** Copies the lists. */
  public Explanation {
    requireNonNull(query, "query is null");
    terms = List.copyOf(terms);
    relaxations = List.copyOf(relaxations);
    requireNonNull(stats, "stats is null");
  }

  /**
   * One term's effect.
   *
   * @param term the term in canonical syntax
   * @param excluded candidates that fail this term
   * @param onlyBlocker candidates that fail this term and pass every other: dropping the term would
   *     add exactly these
   */
  public record TermReport(String term, int excluded, int onlyBlocker) {}

  /**
   * A change to one term and the offers it would add.
   *
   * @param term the term as written
   * @param relaxed the relaxed term, or empty when the relaxation drops the term
   * @param added offers the relaxed query finds that the original does not
   */
  public record Relaxation(String term, String relaxed, int added) {
    /** E.g. {@code mem>=48GiB would add 14 offers} or {@code without tee=tdx: +3 offers}. */
    public String describe() {
      String what = relaxed.isEmpty() ? "dropping " + term : relaxed;
      return what + " would add " + added + (added == 1 ? " offer" : " offers");
    }
  }
}
