package io.xenia.broker.offers;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.xenia.broker.access.Caller;
import io.xenia.broker.access.Scope;
import io.xenia.broker.problems.ProblemResponse;
import jakarta.inject.Named;
import java.util.Currency;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Search the market: machines on offer, from the search network. */
@Controller("/v1/offers")
@ProblemResponse
@Tag(name = "Offers")
class OfferController {
  private final OfferSearch search;
  private final Currency defaultCurrency;

  OfferController(OfferSearch search, @Named("offersDefaultCurrency") Currency defaultCurrency) {
    this.search = search;
    this.defaultCurrency = defaultCurrency;
  }

  @Get
  @Operation(
      operationId = "searchOffers",
      summary = "Search machines on offer",
      description =
          "Runs a query of the query language (docs/search-index.md) against the search network"
              + " and returns one ranked page. A query that does not parse is an invalid-query"
              + " problem naming the bad token and its position; an unreachable search network is"
              + " search-unavailable (503).")
  CompletableFuture<OfferPage> search(
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
      @Nullable
          @QueryValue
          @Schema(
              description = "the query, e.g. cpu>=2 mem>=4GiB region=eu-* price<=0.80",
              example = "cpu>=2 region=eu-*")
          String q,
      @Nullable
          @QueryValue
          @Schema(
              allowableValues = {"price", "rtt"},
              description = "price (default) or rtt (needs near=<hostId> in the query)")
          String sort,
      @Nullable @QueryValue @Schema(description = "nextPage of the previous page") String page,
      @Nullable @QueryValue @Schema(description = "1..100, default 20") Integer pageSize,
      @Nullable
          @QueryValue
          @Schema(description = "the index searched (ISO 4217); default: the platform's")
          String currency,
      @Nullable @QueryValue @Schema(description = "add exclusion counts and relaxations")
          Boolean explain) {
    caller.require(Scope.OFFERS_READ);
    return search.search(
        OfferQuery.of(
            q,
            Optional.ofNullable(sort),
            Optional.ofNullable(page),
            Optional.ofNullable(pageSize),
            Optional.ofNullable(currency),
            Boolean.TRUE.equals(explain),
            defaultCurrency));
  }
}
