package io.xenia.broker.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.problems.Failures;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import java.util.Currency;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The failure rule of a broker without a search node, without IO (the unreachable-network rule
 * needs a node: OfferSearchApiTest).
 */
class OfferSearchTest {
  private static final OfferQuery QUERY =
      OfferQuery.of(
          "cpu>=2",
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          false,
          Currency.getInstance("EUR"));

  @Test
  void aBrokerWithoutASearchNodeAnswersSearchUnavailable() {
    XeniaException e = failure(new OfferSearch(Optional.empty(), Optional::empty));
    assertEquals(ProblemType.SEARCH_UNAVAILABLE, e.type());
    assertTrue(e.getMessage().contains("xenia.search.enabled=false"), e.getMessage());
  }

  private static XeniaException failure(OfferSearch search) {
    try {
      search.search(QUERY).join();
    } catch (CompletionException e) {
      return Failures.problemIn(e).orElseThrow(() -> new AssertionError(e));
    }
    throw new AssertionError("the search succeeded");
  }
}
