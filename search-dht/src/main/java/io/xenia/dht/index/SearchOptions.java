package io.xenia.dht.index;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.query.Near;
import io.xenia.dht.query.ProximityTerm;
import io.xenia.dht.query.RttWithin;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to run a search: page size and token, how many entries a bucket digest may inline, and the
 * proximity terms a caller may give here instead of in the query text ({@link #near}, {@link
 * #withRttLimit}); they combine with the query's own. A value; the {@code with...} methods return
 * copies.
 *
 * @param pageSize offers per page, 1..1000 (default 20)
 * @param pageToken where the page starts; empty for the first page
 * @param inlineLimit kept for compatibility, no longer used: a search reads every driver bucket
 *     whole in one phase instead of an edge bucket's digest (inlining at most this many entries)
 *     first (docs/search-index.md)
 * @param near rank by estimated RTT to this host id
 * @param rttLimit with {@code rttHosts}: keep offers within this RTT of every one of them
 * @param rttHosts the hosts {@code rttLimit} is measured from
 */
public record SearchOptions(
    int pageSize,
    Optional<String> pageToken,
    int inlineLimit,
    Optional<String> near,
    Optional<Duration> rttLimit,
    List<String> rttHosts) {
  /** The largest page. */
  public static final int MAX_PAGE_SIZE = 1000;

  /** Validates ranges and host ids. */
  public SearchOptions {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("pageSize must be in 1.." + MAX_PAGE_SIZE);
    }
    requireNonNull(pageToken, "pageToken is null");
    if (inlineLimit < 0) {
      throw new IllegalArgumentException("inlineLimit must not be negative");
    }
    near.ifPresent(ProximityTerm::checkHostId);
    rttHosts = List.copyOf(rttHosts);
    rttHosts.forEach(ProximityTerm::checkHostId);
    if (rttLimit.isPresent() != !rttHosts.isEmpty()) {
      throw new IllegalArgumentException("an RTT limit needs at least one host, and hosts a limit");
    }
    rttLimit.ifPresent(
        d -> {
          if (d.isNegative()) {
            throw new IllegalArgumentException("rttLimit must not be negative");
          }
        });
  }

  /** Page size 20, first page, inline limit 32, no proximity. */
  public static SearchOptions defaults() {
    return new SearchOptions(
        20, Optional.empty(), 32, Optional.empty(), Optional.empty(), List.of());
  }

  public SearchOptions withPageSize(int pageSize) {
    return new SearchOptions(pageSize, pageToken, inlineLimit, near, rttLimit, rttHosts);
  }

  public SearchOptions withPageToken(String token) {
    return new SearchOptions(
        pageSize,
        Optional.of(requireNonNull(token, "token is null")),
        inlineLimit,
        near,
        rttLimit,
        rttHosts);
  }

  public SearchOptions withInlineLimit(int inlineLimit) {
    return new SearchOptions(pageSize, pageToken, inlineLimit, near, rttLimit, rttHosts);
  }

  /** Rank by estimated RTT to the host, as {@code near=<hostId>} in the query would. */
  public SearchOptions near(String hostId) {
    return new SearchOptions(
        pageSize, pageToken, inlineLimit, Optional.of(hostId), rttLimit, rttHosts);
  }

  /** Keep offers within {@code limit} of every host, as {@code rtt(...)<=limit} would. */
  public SearchOptions withRttLimit(Duration limit, String... hostIds) {
    return new SearchOptions(
        pageSize,
        pageToken,
        inlineLimit,
        near,
        Optional.of(requireNonNull(limit, "limit is null")),
        List.of(hostIds));
  }

  /** These options' proximity terms, in the query language's form. */
  List<ProximityTerm> proximityTerms() {
    List<ProximityTerm> out = new ArrayList<>();
    near.ifPresent(h -> out.add(new Near(h)));
    rttLimit.ifPresent(
        d ->
            out.add(
                new RttWithin(rttHosts, false, BigDecimal.valueOf(d.toNanos()).movePointLeft(6))));
    return out;
  }
}
