package io.xenia.dht.internal;

import io.xenia.dht.DhtKey;
import io.xenia.dht.Digest;
import io.xenia.dht.DigestResult;
import io.xenia.dht.Entry;
import io.xenia.dht.GetResult;
import io.xenia.dht.LookupStats;
import io.xenia.dht.NearbyReads;
import io.xenia.dht.NodeId;
import io.xenia.dht.NodesResult;
import io.xenia.dht.PeerAddress;
import io.xenia.dht.PutResult;
import io.xenia.dht.StoreOutcome;
import io.xenia.dht.wire.Digests;
import io.xenia.dht.wire.FindDigests;
import io.xenia.dht.wire.FindNode;
import io.xenia.dht.wire.FindValue;
import io.xenia.dht.wire.Nodes;
import io.xenia.dht.wire.Ping;
import io.xenia.dht.wire.Response;
import io.xenia.dht.wire.Store;
import io.xenia.dht.wire.StoreResult;
import io.xenia.dht.wire.Values;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node's public operations: each hops onto the node's thread, runs its lookups and RPCs there
 * and completes a future with the result and its {@link LookupStats}. Not thread-safe itself: the
 * methods are entry points that only schedule work.
 */
public final class Operations {
  /**
   * Holders a value or digest lookup merges before it ends: two, so that one holder that missed a
   * write (or has not yet received a hand-over) cannot hide entries on its own, at the cost of a
   * few more messages than stopping at the first.
   */
  static final int VALUE_HOLDERS = 2;

  /** When a put that some holders never answered is repeated in the background. */
  private static final long[] REPAIR_DELAYS_MILLIS = {1_000, 4_000, 15_000};

  private final NodeCore node;
  private final Merging merging;
  private long lastSequence;

  Operations(NodeCore node) {
    this.node = node;
    this.merging = new Merging(node.counters, node.scheduler::currentTimeMillis);
  }

  /** Joins through seed addresses; completes with the routing table's size. */
  public CompletableFuture<Integer> bootstrap(List<InetSocketAddress> seeds) {
    return node.onLoop(
        () -> {
          CompletableFuture<Integer> done = new CompletableFuture<>();
          CallStats stats = new CallStats(node.scheduler.nanoTime());
          int[] outstanding = {seeds.size()};
          if (seeds.isEmpty()) {
            done.complete(node.table.size());
            return done;
          }
          for (InetSocketAddress seed : seeds) {
            node.call(
                seed,
                null,
                id -> new FindNode(id, node.id),
                stats,
                new RpcClient.Callback() {
                  @Override
                  public void onResponse(PeerAddress from, Response response, long rttNanos) {
                    seedDone();
                  }

                  @Override
                  public void onFailure() {
                    seedDone();
                  }

                  private void seedDone() {
                    if (--outstanding[0] == 0) {
                      // The join lookup of our own id fills the near buckets; refreshing the
                      // rest fills the far ones (Kademlia §2.3).
                      lookupNodes(node.id)
                          .thenCompose(ignored -> refreshAll())
                          .whenComplete((ignored, error) -> done.complete(node.table.size()));
                    }
                  }
                });
          }
          return done;
        });
  }

  private CompletableFuture<Void> refreshAll() {
    List<CompletableFuture<?>> lookups = new ArrayList<>();
    for (int bucket : node.table.bucketsNeedingRefresh(node.scheduler.nanoTime(), 0)) {
      lookups.add(lookupNodes(Ids.randomInBucket(node.id, bucket, node.random)));
    }
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new));
  }

  /** FIND_NODE lookup; completes with the k closest live peers. */
  public CompletableFuture<NodesResult> findNode(NodeId target) {
    return node.onLoop(
        () -> {
          CallStats stats = new CallStats(node.scheduler.nanoTime());
          return lookupNodes(target, stats)
              .thenApply(peers -> new NodesResult(peers, stats.toStats(node.scheduler.nanoTime())));
        });
  }

  CompletableFuture<List<PeerAddress>> lookupNodes(NodeId target) {
    return lookupNodes(target, new CallStats(node.scheduler.nanoTime()));
  }

  private CompletableFuture<List<PeerAddress>> lookupNodes(NodeId target, CallStats stats) {
    CompletableFuture<List<PeerAddress>> result = new CompletableFuture<>();
    int bucket = node.table.bucketIndexOf(target);
    if (bucket >= 0) {
      node.table.recordLookup(bucket, node.scheduler.nanoTime());
    }
    new Lookup(
            node.id,
            target,
            node.config.k(),
            node.config.alpha(),
            node::call,
            id -> new FindNode(id, target),
            new Lookup.Handler() {
              @Override
              public List<PeerAddress> closerPeers(Response response) {
                return response instanceof Nodes nodes ? nodes.peers() : List.of();
              }

              @Override
              public boolean satisfied(PeerAddress from, Response response) {
                return false;
              }
            },
            stats,
            result::complete)
        .start(node.closestKnown(target));
    return result;
  }

  /** Signs and stores a value. */
  public CompletableFuture<PutResult> putValue(
      DhtKey key,
      byte[] value,
      long sortKey,
      Duration ttl,
      Long sequence,
      Ed25519KeyPair owner,
      boolean republish) {
    return node.onLoop(
        () -> {
          long now = node.scheduler.currentTimeMillis();
          long seq = sequence != null ? sequence : nextSequence(now);
          Entry entry = Entry.sign(key, value, sortKey, seq, now + ttl.toMillis(), owner);
          if (republish) {
            node.maintenance().own(entry, ttl, owner);
          }
          return storeEverywhere(entry);
        });
  }

  /** Stores an entry signed elsewhere. */
  public CompletableFuture<PutResult> put(Entry entry) {
    return node.onLoop(() -> storeEverywhere(entry));
  }

  /** Signs and stores a tombstone. */
  public CompletableFuture<PutResult> remove(
      DhtKey key, Duration ttl, Long sequence, Ed25519KeyPair owner) {
    return node.onLoop(
        () -> {
          long now = node.scheduler.currentTimeMillis();
          long seq = sequence != null ? sequence : nextSequence(now);
          node.maintenance().disown(key);
          return storeEverywhere(Entry.signTombstone(key, seq, now + ttl.toMillis(), owner));
        });
  }

  // A clock-derived sequence (microseconds since the epoch) keeps increasing across restarts.
  private long nextSequence(long nowMillis) {
    lastSequence = Math.max(lastSequence + 1, nowMillis * 1000);
    return lastSequence;
  }

  /**
   * Finds the k closest nodes to the entry's location and stores it on them (and here if near). The
   * result's holder count is at least what the routing table held before the lookup (up to k), so
   * that peers lost to timeouts during the lookup count as holders missed rather than vanishing: a
   * cut-off node storing only its own copy does not report one holder of one.
   */
  CompletableFuture<PutResult> storeEverywhere(Entry entry) {
    return storeOnce(entry)
        .whenComplete(
            (result, error) -> {
              if (result != null && result.answered() < result.holders()) {
                repairLater(entry, 0);
              }
            });
  }

  /**
   * Stores the entry again in the background ({@link #REPAIR_DELAYS_MILLIS}) after a put that some
   * holders never answered: a fresh lookup finds them once they answer again (an overloaded
   * holder's timeouts also drop it from this node's routing table, so retrying the old targets is
   * not enough), and holders that already have the entry refuse the repeat as STALE. The put still
   * reports them missing; the repair closes the window in which a reader that merges its own copy
   * and one peer's meets two that lack the entry (a 400-publish burst on a loaded machine once left
   * one ad unreadable at one reader) within seconds instead of at the next republish.
   */
  private void repairLater(Entry entry, int attempt) {
    if (attempt >= REPAIR_DELAYS_MILLIS.length) {
      return;
    }
    node.scheduler.schedule(
        TimeUnit.MILLISECONDS.toNanos(REPAIR_DELAYS_MILLIS[attempt]),
        () -> {
          if (entry.expiresAtMillis() <= node.scheduler.currentTimeMillis()) {
            return;
          }
          storeOnce(entry)
              .whenComplete(
                  (result, error) -> {
                    if (error != null || result.answered() < result.holders()) {
                      repairLater(entry, attempt + 1);
                    }
                  });
        });
  }

  private CompletableFuture<PutResult> storeOnce(Entry entry) {
    CallStats stats = new CallStats(node.scheduler.nanoTime());
    NodeId location = entry.key().location();
    int expected = Math.min(node.config.k(), node.table.size() + 1);
    return lookupNodes(location, stats)
        .thenCompose(
            closest -> {
              Map<StoreOutcome, Integer> outcomes = new EnumMap<>(StoreOutcome.class);
              List<PeerAddress> targets = closest;
              boolean self = isAmongClosest(location, closest);
              if (self) {
                // Exactly k holders: this node and the k - 1 closest others. Storing on k others
                // as well would make the holder set depend on who writes, and a writer just
                // outside another writer's set could then take a key the first one owns.
                StoreOutcome local = node.store.accept(entry, node.scheduler.currentTimeMillis());
                outcomes.merge(local, 1, Integer::sum);
                targets = closest.subList(0, Math.min(closest.size(), node.config.k() - 1));
              }
              int holders = Math.max(expected, targets.size() + (self ? 1 : 0));
              // A holder that did not answer (both attempts timed out: typically an event loop
              // swamped by a burst) is asked once more with a fresh request before the put
              // reports it as missing.
              List<PeerAddress> unanswered = new ArrayList<>();
              return storeOn(targets, List.of(entry), stats, unanswered)
                  .thenCompose(
                      first ->
                          unanswered.isEmpty()
                              ? CompletableFuture.completedFuture(first)
                              : storeOn(
                                      List.copyOf(unanswered),
                                      List.of(entry),
                                      stats,
                                      new ArrayList<>())
                                  .thenApply(
                                      second -> {
                                        second.forEach((o, n) -> first.merge(o, n, Integer::sum));
                                        return first;
                                      }))
                  .thenApply(
                      remote -> {
                        remote.forEach((o, n) -> outcomes.merge(o, n, Integer::sum));
                        int stored = outcomes.getOrDefault(StoreOutcome.ACCEPTED, 0);
                        outcomes.remove(StoreOutcome.ACCEPTED);
                        return new PutResult(
                            entry.key(),
                            entry.sequence(),
                            stored,
                            holders,
                            outcomes,
                            stats.toStats(node.scheduler.nanoTime()));
                      });
            });
  }

  /** True if fewer than k of the closest others are closer to the location than this node. */
  private boolean isAmongClosest(NodeId location, List<PeerAddress> closest) {
    int k = node.config.k();
    return closest.size() < k || location.compareDistances(node.id, closest.get(k - 1).id()) < 0;
  }

  /** Sends one STORE with the entries to each peer; completes with the first entry's outcomes. */
  CompletableFuture<Map<StoreOutcome, Integer>> storeOn(
      List<PeerAddress> peers, List<Entry> entries, CallStats stats) {
    return storeOn(peers, entries, stats, new ArrayList<>());
  }

  /** As above, adding each peer that never answered to {@code unanswered}. */
  private CompletableFuture<Map<StoreOutcome, Integer>> storeOn(
      List<PeerAddress> peers, List<Entry> entries, CallStats stats, List<PeerAddress> unanswered) {
    CompletableFuture<Map<StoreOutcome, Integer>> done = new CompletableFuture<>();
    Map<StoreOutcome, Integer> outcomes = new EnumMap<>(StoreOutcome.class);
    int[] outstanding = {peers.size()};
    if (peers.isEmpty()) {
      done.complete(outcomes);
      return done;
    }
    for (PeerAddress peer : peers) {
      node.call(
          peer,
          id -> new Store(id, entries),
          stats,
          new RpcClient.Callback() {
            @Override
            public void onResponse(PeerAddress from, Response response, long rttNanos) {
              if (response instanceof StoreResult result && !result.outcomes().isEmpty()) {
                outcomes.merge(result.outcomes().get(0), 1, Integer::sum);
              }
              finishOne();
            }

            @Override
            public void onFailure() {
              unanswered.add(peer);
              finishOne();
            }

            private void finishOne() {
              if (--outstanding[0] == 0) {
                done.complete(outcomes);
              }
            }
          });
    }
    return done;
  }

  /**
   * FIND_VALUE lookup; merges with what this node holds itself. A nearby read of a whole location
   * this node holds goes through {@link #readNearby} (its digest first, entries only if they
   * differ); otherwise, nearby or not, see {@link #read}.
   */
  public CompletableFuture<GetResult> get(
      NodeId location, NodeId domain, Optional<NodeId> content, boolean nearby) {
    if (nearby && content.isEmpty()) {
      return readNearby(List.of(location), domain)
          .thenCompose(
              r ->
                  r.entries().get(0).isPresent()
                      ? CompletableFuture.completedFuture(
                          new GetResult(r.entries().get(0).get(), r.stats()))
                      : lookupAndMerge(location, domain, content, true));
    }
    return lookupAndMerge(location, domain, content, nearby);
  }

  private CompletableFuture<GetResult> lookupAndMerge(
      NodeId location, NodeId domain, Optional<NodeId> content, boolean nearby) {
    return node.onLoop(
        () -> {
          CallStats stats = new CallStats(node.scheduler.nanoTime());
          List<Entry> found = new ArrayList<>();
          CompletableFuture<GetResult> result = new CompletableFuture<>();
          read(location, new FindValueShape(domain, content, false, 0), stats, found, nearby)
              .thenAccept(
                  source -> {
                    found.addAll(
                        node.store.entries(
                            location, domain, content, node.scheduler.currentTimeMillis()));
                    result.complete(
                        new GetResult(
                            merging.live(found), stats.toStats(node.scheduler.nanoTime())));
                  });
          return result;
        });
  }

  /**
   * FIND_VALUE lookup for a digest (with inlined entries when few), merged over the first {@link
   * #VALUE_HOLDERS} holders and this node's own copy.
   */
  public CompletableFuture<DigestResult> digest(
      NodeId location, NodeId domain, int inlineLimit, boolean nearby) {
    return node.onLoop(
        () -> {
          CallStats stats = new CallStats(node.scheduler.nanoTime());
          List<Entry> found = new ArrayList<>();
          List<Digest> digests = new ArrayList<>();
          CompletableFuture<DigestResult> result = new CompletableFuture<>();
          FindValueShape shape = new FindValueShape(domain, Optional.empty(), true, inlineLimit);
          shape.digestSink = digests::add;
          read(location, shape, stats, found, nearby)
              .thenAccept(
                  source -> {
                    long now = node.scheduler.currentTimeMillis();
                    if (node.store.holds(location, domain)) {
                      Digest local = node.store.digest(location, domain, now);
                      digests.add(local);
                      if (local.count() <= inlineLimit) {
                        found.addAll(node.store.entries(location, domain, Optional.empty(), now));
                      }
                    }
                    boolean complete = true;
                    for (Digest d : digests) {
                      complete &= d.count() <= inlineLimit;
                    }
                    List<Entry> live = merging.live(found);
                    Digest d = complete ? Digest.of(live) : Merging.union(digests);
                    result.complete(
                        new DigestResult(
                            d,
                            complete ? live : List.of(),
                            complete,
                            source,
                            stats.toStats(node.scheduler.nanoTime())));
                  });
          return result;
        });
  }

  /**
   * Reads whole locations this node holds itself with as few requests as possible: each location
   * goes to its closest other holder (in a network of at most k + 1 nodes, where every node holds
   * everything, all go to one peer), one FIND_DIGESTS per peer; a location whose digest matches
   * this node's copy is answered from the copy, a differing one is fetched from that peer and
   * merged (two copies, as every read merges), and one whose peer does not answer is read the
   * ordinary nearby way.
   */
  public CompletableFuture<NearbyReads> readNearby(List<NodeId> locations, NodeId domain) {
    return node.onLoop(
        () -> {
          CallStats stats = new CallStats(node.scheduler.nanoTime());
          int n = locations.size();
          List<List<PeerAddress>> holders = new ArrayList<>(n);
          boolean everyoneHoldsAll = true;
          for (NodeId location : locations) {
            List<PeerAddress> closest = node.closestKnown(location);
            boolean held = !closest.isEmpty() && isAmongClosest(location, closest);
            holders.add(held ? closest : List.of());
            everyoneHoldsAll &= closest.size() < node.config.k();
          }
          Map<PeerAddress, List<Integer>> byPeer = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            if (holders.get(i).isEmpty()) {
              continue;
            }
            // Each location goes to its closest other holder, the one surest to have every entry.
            // In a network of at most k + 1 nodes every node holds every location: then all go to
            // the one peer closest to this node, in one request.
            PeerAddress peer = holders.get(i).get(0);
            if (everyoneHoldsAll) {
              for (PeerAddress p : holders.get(i)) {
                if (node.id.compareDistances(p.id(), peer.id()) < 0) {
                  peer = p;
                }
              }
            }
            byPeer.computeIfAbsent(peer, k -> new ArrayList<>()).add(i);
          }
          List<Optional<List<Entry>>> out =
              new ArrayList<>(Collections.nCopies(n, Optional.empty()));
          List<CompletableFuture<Void>> pending = new ArrayList<>();
          for (Map.Entry<PeerAddress, List<Integer>> group : byPeer.entrySet()) {
            List<Integer> indexes = group.getValue();
            for (int from = 0; from < indexes.size(); from += FindDigests.MAX_LOCATIONS) {
              List<Integer> chunk =
                  indexes.subList(from, Math.min(indexes.size(), from + FindDigests.MAX_LOCATIONS));
              pending.add(digestsFrom(group.getKey(), chunk, locations, domain, stats, out));
            }
          }
          return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
              .thenApply(done -> new NearbyReads(out, stats.toStats(node.scheduler.nanoTime())));
        });
  }

  private CompletableFuture<Void> digestsFrom(
      PeerAddress peer,
      List<Integer> indexes,
      List<NodeId> locations,
      NodeId domain,
      CallStats stats,
      List<Optional<List<Entry>>> out) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    List<NodeId> asked = indexes.stream().map(locations::get).toList();
    FindValueShape whole = new FindValueShape(domain, Optional.empty(), false, 0);
    node.call(
        peer,
        id -> new FindDigests(id, asked, domain),
        stats,
        new RpcClient.Callback() {
          @Override
          public void onResponse(PeerAddress from, Response response, long rttNanos) {
            stats.reachedRound(1);
            List<Optional<Digest>> remote =
                response instanceof Digests d && d.digests().size() == asked.size()
                    ? d.digests()
                    : null;
            List<CompletableFuture<?>> fetches = new ArrayList<>();
            for (int j = 0; j < asked.size(); j++) {
              NodeId location = asked.get(j);
              int index = indexes.get(j);
              long now = node.scheduler.currentTimeMillis();
              Digest local = node.store.digest(location, domain, now);
              Optional<Digest> theirs = remote == null ? Optional.empty() : remote.get(j);
              if (remote != null && (theirs.isEmpty() || theirs.get().sameEntries(local))) {
                // The same entries, or none there: this node's copy is the answer.
                out.set(index, Optional.of(own(location, domain, List.of())));
                continue;
              }
              List<Entry> found = new ArrayList<>();
              CompletableFuture<Optional<PeerAddress>> fetch =
                  remote == null
                      ? read(location, whole, stats, found, true)
                      : readFrom(from, location, whole, stats, found, 2);
              fetches.add(
                  fetch.thenAccept(
                      source -> out.set(index, Optional.of(own(location, domain, found)))));
            }
            CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
                .thenAccept(v -> done.complete(null));
          }

          @Override
          public void onFailure() {
            List<CompletableFuture<?>> fetches = new ArrayList<>();
            for (int j = 0; j < asked.size(); j++) {
              NodeId location = asked.get(j);
              int index = indexes.get(j);
              List<Entry> found = new ArrayList<>();
              fetches.add(
                  read(location, whole, stats, found, true)
                      .thenAccept(
                          source -> out.set(index, Optional.of(own(location, domain, found)))));
            }
            CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
                .thenAccept(v -> done.complete(null));
          }
        });
    return done;
  }

  /** What was {@code found} elsewhere merged with this node's own copy, live entries only. */
  private List<Entry> own(NodeId location, NodeId domain, List<Entry> found) {
    List<Entry> all = new ArrayList<>(found);
    all.addAll(
        node.store.entries(location, domain, Optional.empty(), node.scheduler.currentTimeMillis()));
    return merging.live(all);
  }

  /** What a value lookup asks for. */
  private static final class FindValueShape {
    final NodeId domain;
    final Optional<NodeId> content;
    final boolean digestOnly;
    final int inlineLimit;
    java.util.function.Consumer<Digest> digestSink = d -> {};

    FindValueShape(NodeId domain, Optional<NodeId> content, boolean digestOnly, int inlineLimit) {
      this.domain = domain;
      this.content = content;
      this.digestOnly = digestOnly;
      this.inlineLimit = inlineLimit;
    }
  }

  /**
   * A value lookup, or, when {@code nearby} and this node is itself among the k closest to the
   * location that it knows of, one FIND_VALUE to the closest other holder it knows: the caller
   * merges that answer with its own copy, two holders as a lookup would merge (an own copy that
   * missed a write is completed by the remote one, and the other way round). If that holder does
   * not answer, the full lookup runs.
   */
  private CompletableFuture<Optional<PeerAddress>> read(
      NodeId location, FindValueShape shape, CallStats stats, List<Entry> found, boolean nearby) {
    List<PeerAddress> closest = nearby ? node.closestKnown(location) : List.of();
    if (!nearby || closest.isEmpty() || !isAmongClosest(location, closest)) {
      return valueLookup(location, shape, stats, found);
    }
    return readFrom(closest.get(0), location, shape, stats, found, 1);
  }

  /**
   * One FIND_VALUE to {@code holder} as the lookup's {@code round}, merged into {@code found}; a
   * full lookup if it fails.
   */
  private CompletableFuture<Optional<PeerAddress>> readFrom(
      PeerAddress holder,
      NodeId location,
      FindValueShape shape,
      CallStats stats,
      List<Entry> found,
      int round) {
    CompletableFuture<Optional<PeerAddress>> result = new CompletableFuture<>();
    node.call(
        holder,
        id ->
            new FindValue(
                id, location, shape.domain, shape.content, shape.digestOnly, shape.inlineLimit),
        stats,
        new RpcClient.Callback() {
          @Override
          public void onResponse(PeerAddress from, Response response, long rttNanos) {
            stats.reachedRound(round);
            if (response instanceof Values values && values.found()) {
              found.addAll(merging.verified(values.entries()));
              values.digest().ifPresent(shape.digestSink);
              result.complete(Optional.of(from));
            } else {
              result.complete(Optional.empty());
            }
          }

          @Override
          public void onFailure() {
            valueLookup(location, shape, stats, found).thenAccept(result::complete);
          }
        });
    return result;
  }

  /**
   * Runs a FIND_VALUE lookup that merges the answers of the first {@link #VALUE_HOLDERS} holders
   * rather than stopping at the first: right after a write, or while replication catches up, one
   * holder may lack entries the others have, and a reader that trusted it alone would miss them.
   * Completes with the first peer that held the location, if any.
   */
  private CompletableFuture<Optional<PeerAddress>> valueLookup(
      NodeId location, FindValueShape shape, CallStats stats, List<Entry> found) {
    CompletableFuture<Optional<PeerAddress>> result = new CompletableFuture<>();
    PeerAddress[] source = {null};
    int[] holders = {0};
    new Lookup(
            node.id,
            location,
            node.config.k(),
            node.config.alpha(),
            node::call,
            id ->
                new FindValue(
                    id, location, shape.domain, shape.content, shape.digestOnly, shape.inlineLimit),
            new Lookup.Handler() {
              @Override
              public List<PeerAddress> closerPeers(Response response) {
                return response instanceof Values values ? values.closer() : List.of();
              }

              @Override
              public boolean exhaustive() {
                return false;
              }

              @Override
              public boolean satisfied(PeerAddress from, Response response) {
                if (response instanceof Values values && values.found()) {
                  if (source[0] == null) {
                    source[0] = from;
                  }
                  found.addAll(merging.verified(values.entries()));
                  values.digest().ifPresent(shape.digestSink);
                  return ++holders[0] >= VALUE_HOLDERS;
                }
                return false;
              }
            },
            stats,
            closest -> result.complete(Optional.ofNullable(source[0])))
        .start(node.closestKnown(location));
    return result;
  }

  /** One FIND_VALUE straight to a known peer. */
  public CompletableFuture<GetResult> getFrom(PeerAddress peer, NodeId location, NodeId domain) {
    return node.onLoop(
        () -> {
          CallStats stats = new CallStats(node.scheduler.nanoTime());
          CompletableFuture<GetResult> result = new CompletableFuture<>();
          node.call(
              peer,
              id -> new FindValue(id, location, domain, Optional.empty(), false, 0),
              stats,
              new RpcClient.Callback() {
                @Override
                public void onResponse(PeerAddress from, Response response, long rttNanos) {
                  stats.reachedRound(1);
                  List<Entry> entries =
                      response instanceof Values values
                          ? merging.verified(values.entries())
                          : List.of();
                  result.complete(
                      new GetResult(
                          merging.live(entries), stats.toStats(node.scheduler.nanoTime())));
                }

                @Override
                public void onFailure() {
                  result.completeExceptionally(
                      new java.util.concurrent.TimeoutException("no answer from " + peer));
                }
              });
          return result;
        });
  }

  /** PING an address. */
  public CompletableFuture<Boolean> ping(InetSocketAddress address) {
    return node.onLoop(
        () -> {
          CompletableFuture<Boolean> result = new CompletableFuture<>();
          node.call(
              address,
              null,
              Ping::new,
              new CallStats(node.scheduler.nanoTime()),
              new RpcClient.Callback() {
                @Override
                public void onResponse(PeerAddress from, Response response, long rttNanos) {
                  result.complete(true);
                }

                @Override
                public void onFailure() {
                  result.complete(false);
                }
              });
          return result;
        });
  }
}
