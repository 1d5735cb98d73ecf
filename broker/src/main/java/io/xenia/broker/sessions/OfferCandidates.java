package io.xenia.broker.sessions;

import io.micronaut.context.BeanProvider;
import io.xenia.broker.hosts.ControlEndpoint;
import io.xenia.broker.persistence.Database;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.broker.search.SearchNetwork;
import io.xenia.dht.index.Offer;
import io.xenia.dht.index.SearchIndex;
import io.xenia.dht.index.SearchOptions;
import io.xenia.dht.query.Query;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Placement's candidates: the offers the search index (search-dht, through the broker's own node)
 * holds for a query, kept only where the broker can lease them — the host is enrolled, {@code up},
 * and its heartbeat named a control endpoint.
 */
@Singleton
final class OfferCandidates {
  /** Matches every offer: the query language needs at least one predicate. */
  static final String EVERY_MACHINE = "cpu>=0";

  private final BeanProvider<SearchNetwork> network;
  private final Database database;
  private final Clock clock;
  private final Map<Currency, SearchIndex> indexes = new ConcurrentHashMap<>();

  OfferCandidates(BeanProvider<SearchNetwork> network, Database database, Clock clock) {
    this.network = network;
    this.database = database;
    this.clock = clock;
  }

  /** A host the broker can call. */
  record ReachableHost(UUID id, Ed25519PublicKey key, ControlEndpoint endpoint) {}

  /** Candidates and the hosts they are on, by the broker's host id. */
  record Found(List<Candidate> candidates, Map<UUID, ReachableHost> hosts, int offers) {
    /** Why there may be fewer candidates than offers, for problem details. */
    String describe() {
      return offers
          + " offer(s) matched in the search index, "
          + candidates.size()
          + " on hosts that are up and name a control endpoint";
    }
  }

  /** The candidates for {@code query}, optionally only one host's one machine. */
  CompletableFuture<Found> find(
      Query query, Currency currency, int max, Optional<UUID> host, Optional<String> machine) {
    if (!network.isPresent()) {
      throw new XeniaException(
          ProblemType.SERVICE_UNAVAILABLE, "this broker runs without search (xenia.search)");
    }
    SearchIndex index =
        indexes.computeIfAbsent(currency, c -> SearchIndex.create(network.get().node(), c, clock));
    return reachableHosts()
        .thenCompose(
            hosts ->
                collect(
                        index,
                        query,
                        SearchOptions.defaults().withPageSize(max),
                        max,
                        new ArrayList<>())
                    .thenApply(
                        offers -> {
                          List<Candidate> out = new ArrayList<>();
                          Map<UUID, ReachableHost> byId = new HashMap<>();
                          for (Offer o : offers) {
                            ReachableHost h = hosts.get(o.advertisement().hostId());
                            if (h == null) {
                              continue;
                            }
                            if (host.isPresent() && !host.get().equals(h.id())) {
                              continue;
                            }
                            if (machine.isPresent()
                                && !machine.get().equals(o.advertisement().machineId())) {
                              continue;
                            }
                            out.add(
                                new Candidate(
                                    h.id(),
                                    o.advertisement(),
                                    o.price(),
                                    Optional.of(o.coordinate())));
                            byId.put(h.id(), h);
                          }
                          return new Found(out, byId, offers.size());
                        }));
  }

  private CompletableFuture<List<Offer>> collect(
      SearchIndex index, Query query, SearchOptions options, int max, List<Offer> sofar) {
    return index
        .search(query, options)
        .thenCompose(
            result -> {
              sofar.addAll(result.offers());
              if (result.nextPageToken().isEmpty() || sofar.size() >= max) {
                return CompletableFuture.completedFuture(sofar);
              }
              return collect(
                  index, query, options.withPageToken(result.nextPageToken().get()), max, sofar);
            });
  }

  /** Hosts that are up and named a control endpoint, by their key's fingerprint. */
  CompletableFuture<Map<String, ReachableHost>> reachableHosts() {
    return database.read(
        session ->
            session
                .createNativeQuery(
                    "SELECT id, host_key, control_endpoint FROM host"
                        + " WHERE status = 'up' AND control_endpoint IS NOT NULL",
                    Object[].class)
                .getResultList()
                .thenApply(
                    rows -> {
                      Map<String, ReachableHost> byFingerprint = new HashMap<>();
                      for (Object[] r : rows) {
                        Ed25519PublicKey key = Ed25519PublicKey.fromBytes((byte[]) r[1]);
                        ControlEndpoint.parse((String) r[2], "controlEndpoint")
                            .ifPresent(
                                e ->
                                    byFingerprint.put(
                                        key.fingerprint(), new ReachableHost((UUID) r[0], key, e)));
                      }
                      return byFingerprint;
                    }));
  }

  /** One host by id, if reachable. */
  CompletableFuture<Optional<ReachableHost>> host(UUID id) {
    return database.read(
        session ->
            session
                .createNativeQuery(
                    "SELECT id, host_key, control_endpoint FROM host WHERE id = :id",
                    Object[].class)
                .setParameter("id", id)
                .getResultList()
                .thenApply(
                    rows ->
                        rows.stream()
                            .findFirst()
                            .flatMap(
                                r ->
                                    ControlEndpoint.parse((String) r[2], "controlEndpoint")
                                        .map(
                                            e ->
                                                new ReachableHost(
                                                    (UUID) r[0],
                                                    Ed25519PublicKey.fromBytes((byte[]) r[1]),
                                                    e)))));
  }
}
