package io.xenia.dht.index;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.DhtNode;
import io.xenia.dht.query.ProximityTerm;
import io.xenia.dht.query.Query;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The offer search index over one DHT node: hosts {@link #publish} and {@link #withdraw} their
 * signed advertisements; anyone {@link #search}es and {@link #explain}s queries. One index holds
 * offers priced in one currency.
 *
 * <p>Threading: methods may be called from any thread; the futures complete on the node's thread
 * (in simulation, the simulator's), so callbacks must not block. Lifecycle: the index holds no
 * resources of its own; close the node.
 */
public final class SearchIndex {
  private final Publisher publisher;
  private final Collector collector;
  private final Explainer explainer;
  private final IndexMetrics metrics;

  private SearchIndex(DhtNode node, Currency currency, Clock clock) {
    IndexKeys keys = new IndexKeys(currency);
    this.metrics = new IndexMetrics();
    this.publisher = new Publisher(node, keys, currency, clock, metrics);
    this.collector =
        new Collector(
            new BucketReader(node, keys),
            new References(node),
            new EntryVerifier(currency, metrics),
            clock);
    this.explainer = new Explainer(collector);
  }

  /** An index reading and writing through {@code node}, for offers priced in {@code currency}. */
  public static SearchIndex create(DhtNode node, Currency currency, Clock clock) {
    requireNonNull(node, "node is null");
    requireNonNull(currency, "currency is null");
    requireNonNull(clock, "clock is null");
    return new SearchIndex(node, currency, clock);
  }

  /**
   * Files a signed advertisement under every dimension, replacing the machine's previous one.
   *
   * @param hostKey the key of the host the ad names; it signs the index entries
   * @return a future failing with {@link RefusedException} (and counted in {@link #metrics()}) if
   *     the ad is forged, signed by another host, priced in another currency, expired, or not newer
   *     than the one already published
   */
  public CompletableFuture<PublishResult> publish(
      SignedEnvelope advertisement, Ed25519KeyPair hostKey) {
    requireNonNull(advertisement, "advertisement is null");
    requireNonNull(hostKey, "hostKey is null");
    return publisher.publish(advertisement, hostKey);
  }

  /** Removes the host's machine from the index (tombstones in every bucket it was filed under). */
  public CompletableFuture<PublishResult> withdraw(String machineId, Ed25519KeyPair hostKey) {
    requireNonNull(machineId, "machineId is null");
    requireNonNull(hostKey, "hostKey is null");
    return publisher.withdraw(machineId, hostKey);
  }

  /**
   * Runs a query: reads the buckets that can match, verifies and filters the candidates exactly,
   * ranks (price ascending, or estimated RTT when the query or options name hosts) and returns one
   * page.
   *
   * @return a future failing with {@link IllegalArgumentException} for a page token of another
   *     search, or {@link java.util.NoSuchElementException} for a proximity host with no coordinate
   */
  public CompletableFuture<SearchResult> search(Query query, SearchOptions options) {
    requireNonNull(query, "query is null");
    requireNonNull(options, "options is null");
    List<ProximityTerm> proximity = proximity(query, options);
    String search = canonical(query, proximity);
    Optional<RankKey> after;
    try {
      after = options.pageToken().map(t -> PageToken.decode(search, t));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return collector
        .collect(query.predicates(), proximity, options.inlineLimit())
        .thenApply(c -> page(c, query, proximity, options, search, after));
  }

  private static SearchResult page(
      Collected c,
      Query query,
      List<ProximityTerm> proximity,
      SearchOptions options,
      String search,
      Optional<RankKey> after) {
    Evaluation evaluation = new Evaluation(query.predicates(), proximity, c.references());
    List<Ranked> matches = new ArrayList<>();
    for (Candidate candidate : c.candidates()) {
      if (evaluation.matches(candidate)) {
        matches.add(new Ranked(evaluation.rankKey(candidate), candidate));
      }
    }
    matches.sort((a, b) -> a.key().compareTo(b.key()));
    List<Offer> offers = new ArrayList<>();
    Optional<String> next = Optional.empty();
    RankKey last = null;
    for (Ranked r : matches) {
      if (after.isPresent() && r.key().compareTo(after.get()) <= 0) {
        continue;
      }
      if (offers.size() == options.pageSize()) {
        next = Optional.of(PageToken.encode(search, last));
        break;
      }
      offers.add(evaluation.offer(r.candidate()));
      last = r.key();
    }
    return new SearchResult(
        offers, matches.size(), next, c.bucketsRead(), c.candidates().size(), c.stats());
  }

  private record Ranked(RankKey key, Candidate candidate) {}

  /**
   * Explains a query: matches, candidates examined, what each term excluded and the nearest
   * relaxations that would add offers.
   */
  public CompletableFuture<Explanation> explain(Query query, SearchOptions options) {
    requireNonNull(query, "query is null");
    requireNonNull(options, "options is null");
    List<ProximityTerm> proximity = proximity(query, options);
    return explainer.explain(
        query.predicates(), proximity, options.inlineLimit(), canonical(query, proximity));
  }

  /** Refusal counters of this index. */
  public IndexMetrics metrics() {
    return metrics;
  }

  private static List<ProximityTerm> proximity(Query query, SearchOptions options) {
    List<ProximityTerm> out = new ArrayList<>(query.proximity());
    out.addAll(options.proximityTerms());
    return out;
  }

  private static String canonical(Query query, List<ProximityTerm> proximity) {
    return java.util.stream.Stream.concat(query.predicates().stream(), proximity.stream())
        .map(Object::toString)
        .collect(Collectors.joining(" "));
  }
}
