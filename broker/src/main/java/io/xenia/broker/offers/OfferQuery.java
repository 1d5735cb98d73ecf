package io.xenia.broker.offers;

import static java.util.Objects.requireNonNull;

import io.xenia.broker.common.QueryText;
import io.xenia.broker.problems.XeniaException;
import io.xenia.dht.index.SearchOptions;
import io.xenia.dht.query.Near;
import io.xenia.dht.query.Query;
import io.xenia.dht.query.Vocabulary;
import java.util.Currency;
import java.util.Optional;

/**
 * One validated search request: the parsed query, the index's currency, the ranking, the page and
 * whether to explain. {@link #of} holds every rule about the request's parameters; nothing here
 * touches the network.
 *
 * @param query the parsed query
 * @param currency the index searched (one index per currency)
 * @param sort the ranking
 * @param options page size and token for the index
 * @param explain whether to add per-term exclusion counts and the nearest relaxations
 */
public record OfferQuery(
    Query query, Currency currency, OfferSort sort, SearchOptions options, boolean explain) {
  /** The page size when none is asked for. */
  public static final int DEFAULT_PAGE_SIZE = 20;

  /** The largest page the API serves (the index allows more; a page is one response). */
  public static final int MAX_PAGE_SIZE = 100;

  public OfferQuery {
    requireNonNull(query, "query is null");
    requireNonNull(currency, "currency is null");
    requireNonNull(sort, "sort is null");
    requireNonNull(options, "options is null");
  }

  /**
   * Validates the request's parameters.
   *
   * @param q the query language text (docs/search-index.md)
   * @param sort {@code price} or {@code rtt}; absent: {@code rtt} when the query names {@code
   *     near=<host>}, else {@code price}
   * @param page the cursor from a previous page's {@code nextPage}
   * @param pageSize 1..{@link #MAX_PAGE_SIZE}
   * @param currency an ISO 4217 code; absent: {@code defaultCurrency}
   * @throws XeniaException {@code invalid-query} naming the bad token and its position, or {@code
   *     validation-failed} naming the bad parameter
   */
  public static OfferQuery of(
      String q,
      Optional<String> sort,
      Optional<String> page,
      Optional<Integer> pageSize,
      Optional<String> currency,
      boolean explain,
      Currency defaultCurrency) {
    if (q == null || q.isBlank()) {
      throw XeniaException.invalidField("q", "is required: a query such as cpu>=2 region=eu-*");
    }
    Query query = parse(q);
    boolean near = query.proximity().stream().anyMatch(t -> t instanceof Near);
    OfferSort ranking =
        sort.map(
                s ->
                    OfferSort.fromWireName(s)
                        .orElseThrow(
                            () -> XeniaException.invalidField("sort", "must be price or rtt")))
            .orElse(near ? OfferSort.RTT : OfferSort.PRICE);
    if (ranking == OfferSort.RTT && !near) {
      throw XeniaException.invalidField(
          "sort", "rtt ranks by the estimated RTT to a host: add near=<hostId> to the query");
    }
    if (ranking == OfferSort.PRICE && near) {
      throw XeniaException.invalidField(
          "sort", "price conflicts with near=<hostId> in the query, which ranks by RTT");
    }
    int size = pageSize.orElse(DEFAULT_PAGE_SIZE);
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw XeniaException.invalidField("pageSize", "must be in 1.." + MAX_PAGE_SIZE);
    }
    SearchOptions options = SearchOptions.defaults().withPageSize(size);
    if (page.isPresent()) {
      if (page.get().isBlank()) {
        throw XeniaException.invalidField("page", "must be a nextPage value of an earlier answer");
      }
      options = options.withPageToken(page.get());
    }
    return new OfferQuery(
        query,
        currency.map(OfferQuery::currency).orElse(defaultCurrency),
        ranking,
        options,
        explain);
  }

  private static Query parse(String q) {
    return QueryText.parse(q, Vocabulary.OFFERS);
  }

  private static Currency currency(String code) {
    if (!code.matches("[A-Z]{3}")) {
      throw XeniaException.invalidField("currency", "must be an ISO 4217 code like EUR");
    }
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw XeniaException.invalidField("currency", "is not an ISO 4217 currency: " + code);
    }
  }

  /** The query's canonical text, as answers echo it. */
  public String canonicalQuery() {
    return query.toString();
  }
}
