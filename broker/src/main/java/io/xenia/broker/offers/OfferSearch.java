package io.xenia.broker.offers;

import static java.util.Objects.requireNonNull;

import io.xenia.broker.problems.Failures;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.dht.index.Explanation;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.index.SearchResult;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Answers offer searches from the broker's DHT node. The rules of what a failure means to the
 * caller live here: a page token of another search is the caller's mistake, a reference host that
 * never published a coordinate makes the query invalid, and anything the network does (no peers
 * while seeds are configured, a timeout, a failed read) is {@code search-unavailable}, never a 5xx
 * of the generic kind. No framework types: the controller only translates parameters.
 */
public final class OfferSearch {
  /** How long one search (and its explanation) may take before the answer is 503. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Optional<OfferIndexes> indexes;
  private final Supplier<Optional<String>> unreachable;

  /**
   * @param indexes the indexes; empty when this broker runs no DHT node ({@code
   *     xenia.search.enabled=false})
   * @param unreachable why the search network cannot be reached now, if it cannot
   */
  public OfferSearch(Optional<OfferIndexes> indexes, Supplier<Optional<String>> unreachable) {
    this.indexes = requireNonNull(indexes, "indexes is null");
    this.unreachable = requireNonNull(unreachable, "unreachable is null");
  }

  /** One page of offers, with an explanation when the query asks for one. */
  public CompletableFuture<OfferPage> search(OfferQuery query) {
    requireNonNull(query, "query is null");
    if (indexes.isEmpty()) {
      return CompletableFuture.failedFuture(
          unavailable("this broker runs no search node (xenia.search.enabled=false)"));
    }
    Optional<String> why = unreachable.get();
    if (why.isPresent()) {
      return CompletableFuture.failedFuture(unavailable(why.get()));
    }
    SearchIndex index = indexes.get().of(query.currency());
    CompletableFuture<SearchResult> page = index.search(query.query(), query.options());
    CompletableFuture<Optional<Explanation>> explanation =
        query.explain()
            ? index.explain(query.query(), query.options()).thenApply(Optional::of)
            : CompletableFuture.completedFuture(Optional.empty());
    return page.thenCombine(explanation, (r, e) -> toPage(query, r, e))
        .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(t -> failed(query, t));
  }

  private static OfferPage toPage(OfferQuery query, SearchResult r, Optional<Explanation> e) {
    return new OfferPage(
        query.canonicalQuery(),
        query.currency().getCurrencyCode(),
        query.sort().wireName(),
        r.offers().stream().map(OfferView::of).toList(),
        r.total(),
        r.nextPageToken().orElse(null),
        e.map(ExplanationView::of).orElse(null));
  }

  private static OfferPage failed(OfferQuery query, Throwable t) {
    Throwable cause = Failures.unwrap(t);
    if (cause instanceof XeniaException x) {
      throw x;
    }
    if (cause instanceof NoSuchElementException) {
      // A near= or rtt(...) host whose coordinate record the index cannot find.
      throw new XeniaException(
              ProblemType.INVALID_QUERY,
              "a host the query measures proximity to has published no coordinate: "
                  + cause.getMessage())
          .with("query", query.canonicalQuery());
    }
    if (cause instanceof IllegalArgumentException && query.options().pageToken().isPresent()) {
      // The only argument the index checks late is the page token; any other is a bug (500).
      throw XeniaException.invalidField(
          "page", "is not a nextPage value of this search (same q, sort and currency)");
    }
    if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
      throw (RuntimeException) cause;
    }
    if (cause instanceof TimeoutException) {
      throw unavailable("the search did not finish within " + TIMEOUT.toSeconds() + " s");
    }
    throw unavailable("the search failed: " + cause);
  }

  private static XeniaException unavailable(String detail) {
    return new XeniaException(ProblemType.SEARCH_UNAVAILABLE, detail);
  }
}
