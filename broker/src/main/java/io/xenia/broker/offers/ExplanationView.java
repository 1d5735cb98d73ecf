package io.xenia.broker.offers;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.dht.index.Explanation;
import java.util.List;

/**
 * Why a query found what it found (docs/search-index.md, "Explain").
 *
 * @param matches offers matching every term
 * @param candidates offers examined
 * @param terms per filtering term: {@code excluded} candidates failing it, {@code onlyBlocker}
 *     failing only it (what dropping it would add)
 * @param relaxations the nearest relaxed bounds and dropped terms, each with the offers it adds
 */
@Serdeable
@Schema(name = "OfferExplanation")
public record ExplanationView(
    String query, int matches, int candidates, List<Term> terms, List<Relaxation> relaxations) {

  @Serdeable
  @Schema(name = "OfferExplanationTerm")
  public record Term(String term, int excluded, int onlyBlocker) {}

  /**
   * @param relaxed the relaxed term; empty when the relaxation drops the term
   * @param description e.g. {@code mem>=48GiB would add 14 offers}
   */
  @Serdeable
  @Schema(name = "OfferRelaxation")
  public record Relaxation(String term, String relaxed, int added, String description) {}

  static ExplanationView of(Explanation e) {
    return new ExplanationView(
        e.query(),
        e.matches(),
        e.candidates(),
        e.terms().stream().map(t -> new Term(t.term(), t.excluded(), t.onlyBlocker())).toList(),
        e.relaxations().stream()
            .map(r -> new Relaxation(r.term(), r.relaxed(), r.added(), r.describe()))
            .toList());
  }
}
