package io.xenia.dht.index;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.LookupStats;
import java.util.List;
import java.util.Optional;

/**
 * One page of a search.
 *
 * @param offers this page, in rank order
 * @param total matches over all pages
 * @param nextPageToken the token for the next page, if there is one
 * @param bucketsRead index buckets whose digests or entries were looked up
 * @param candidates verified candidates the exact filter examined
 * @param stats what the DHT lookups cost ({@link LookupStats#messages()}, {@link
 *     LookupStats#rounds()})
 */
public record SearchResult(
    List<Offer> offers,
    int total,
    Optional<String> nextPageToken,
    int bucketsRead,
    int candidates,
    LookupStats stats) {
  /** Copies the list. */
  public SearchResult {
    offers = List.copyOf(offers);
    requireNonNull(nextPageToken, "nextPageToken is null");
    requireNonNull(stats, "stats is null");
  }
}
