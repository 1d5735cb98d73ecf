package io.xenia.dht.internal;

import io.xenia.dht.Digest;
import io.xenia.dht.Entry;
import io.xenia.dht.NodeId;
import io.xenia.dht.PeerAddress;
import io.xenia.dht.StoreOutcome;
import io.xenia.dht.vivaldi.Coordinate;
import io.xenia.dht.wire.Digests;
import io.xenia.dht.wire.FindDigests;
import io.xenia.dht.wire.FindNode;
import io.xenia.dht.wire.FindValue;
import io.xenia.dht.wire.Nodes;
import io.xenia.dht.wire.Ping;
import io.xenia.dht.wire.Pong;
import io.xenia.dht.wire.Request;
import io.xenia.dht.wire.Response;
import io.xenia.dht.wire.Store;
import io.xenia.dht.wire.StoreResult;
import io.xenia.dht.wire.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers the four requests from the node's routing table and store. Not thread-safe: runs on the
 * node's thread.
 */
final class RequestHandler {
  private final RoutingTable table;
  private final LocalStore store;
  private final Counters counters;
  private final Supplier<Coordinate> coordinate;
  private final LongSupplier clockMillis;
  private final int k;

  RequestHandler(
      RoutingTable table,
      LocalStore store,
      Counters counters,
      Supplier<Coordinate> coordinate,
      LongSupplier clockMillis,
      int k) {
    this.table = table;
    this.store = store;
    this.counters = counters;
    this.coordinate = coordinate;
    this.clockMillis = clockMillis;
    this.k = k;
  }

  Response answer(Request request) {
    counters.requestsReceived.incrementAndGet();
    // Java 17 has no pattern switch (a preview there); the sealed Request permits exactly these.
    if (request instanceof Ping ping) {
      return new Pong(ping.requestId(), coordinate.get());
    }
    if (request instanceof FindNode find) {
      return new Nodes(find.requestId(), coordinate.get(), peers(table.closest(find.target(), k)));
    }
    if (request instanceof FindValue find) {
      return findValue(find);
    }
    if (request instanceof FindDigests find) {
      return findDigests(find);
    }
    return store((Store) request);
  }

  private Values findValue(FindValue find) {
    long now = clockMillis.getAsLong();
    List<PeerAddress> closer = peers(table.closest(find.location(), k));
    if (!store.holds(find.location(), find.domain())) {
      return new Values(
          find.requestId(), coordinate.get(), false, List.of(), Optional.empty(), closer);
    }
    if (!find.digestOnly()) {
      List<Entry> entries = store.entries(find.location(), find.domain(), find.content(), now);
      return new Values(
          find.requestId(), coordinate.get(), true, entries, Optional.empty(), List.of());
    }
    Digest digest = store.digest(find.location(), find.domain(), now);
    List<Entry> inline =
        digest.count() <= find.inlineLimit()
            ? store.entries(find.location(), find.domain(), Optional.empty(), now)
            : List.of();
    return new Values(
        find.requestId(), coordinate.get(), true, inline, Optional.of(digest), List.of());
  }

  private Digests findDigests(FindDigests find) {
    long now = clockMillis.getAsLong();
    List<Optional<Digest>> digests = new ArrayList<>(find.locations().size());
    for (NodeId location : find.locations()) {
      digests.add(
          store.holds(location, find.domain())
              ? Optional.of(store.digest(location, find.domain(), now))
              : Optional.empty());
    }
    return new Digests(find.requestId(), coordinate.get(), digests);
  }

  private StoreResult store(Store request) {
    long now = clockMillis.getAsLong();
    List<StoreOutcome> outcomes = new ArrayList<>(request.entries().size());
    for (Entry entry : request.entries()) {
      StoreOutcome outcome = store.accept(entry, now);
      if (outcome != StoreOutcome.ACCEPTED) {
        counters.refused(outcome);
      }
      outcomes.add(outcome);
    }
    return new StoreResult(request.requestId(), coordinate.get(), outcomes);
  }

  static List<PeerAddress> peers(List<Contact> contacts) {
    List<PeerAddress> peers = new ArrayList<>(contacts.size());
    for (Contact c : contacts) {
      peers.add(new PeerAddress(c.id(), c.address()));
    }
    return peers;
  }
}
