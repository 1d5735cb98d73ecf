package io.xenia.broker.search;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Requires;
import io.xenia.dht.DhtMetrics;
import io.xenia.dht.StoreOutcome;
import io.xenia.dht.transport.udp.TransportMetrics;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The DHT node's counters as Micrometer meters, {@code xenia.dht.*} (Prometheus: {@code
 * xenia_dht_*}), read from {@code DhtMetrics} and {@code TransportMetrics} snapshots at scrape
 * time, so the node itself knows nothing of Micrometer.
 */
@Singleton
@Requires(property = SearchNetworkFactory.ENABLED, notEquals = "false")
final class SearchMetrics implements MeterBinder {
  private final SearchNetwork network;

  SearchMetrics(SearchNetwork network) {
    this.network = network;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("xenia.dht.routing.table.size", network, n -> dht(n).routingTableSize())
        .description("Contacts in the DHT node's routing table")
        .register(registry);
    Gauge.builder("xenia.dht.stored.entries", network, n -> dht(n).storedEntries())
        .description("Entries (values and tombstones) the DHT node holds")
        .register(registry);
    counter(
        registry,
        "xenia.dht.requests.received",
        "DHT requests answered",
        n -> dht(n).requestsReceived());
    counter(
        registry,
        "xenia.dht.requests.sent",
        "DHT requests sent, retries included",
        n -> dht(n).requestsSent());
    counter(
        registry,
        "xenia.dht.requests.timeouts",
        "DHT requests unanswered after all retries",
        n -> dht(n).timeouts());
    counter(
        registry,
        "xenia.dht.forged.received",
        "Entries in responses whose signature failed",
        n -> dht(n).forgedReceived());
    for (StoreOutcome outcome : StoreOutcome.values()) {
      if (outcome == StoreOutcome.ACCEPTED) {
        continue;
      }
      FunctionCounter.builder("xenia.dht.stores.refused", network, n -> dht(n).refused(outcome))
          .description("Entries this node refused to store, by reason")
          .tag("reason", outcome.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    counter(
        registry,
        "xenia.dht.messages.delivered",
        "Authenticated DHT messages received",
        n -> transport(n).messagesDelivered());
    counter(
        registry,
        "xenia.dht.datagrams.in",
        "UDP datagrams received",
        n -> transport(n).datagramsIn());
    counter(
        registry,
        "xenia.dht.datagrams.out",
        "UDP datagrams sent",
        n -> transport(n).datagramsOut());
    counter(
        registry,
        "xenia.dht.handshakes.completed",
        "Authenticated sessions established",
        n -> transport(n).handshakesCompleted());
    counter(
        registry,
        "xenia.dht.handshakes.refused",
        "Handshakes refused (signature or membership)",
        n -> transport(n).handshakesRefused());
    counter(
        registry,
        "xenia.dht.mac.failures",
        "Sealed packets whose MAC did not verify",
        n -> transport(n).macFailures());
  }

  private void counter(
      MeterRegistry registry, String name, String description, ToDoubleFunction<SearchNetwork> f) {
    FunctionCounter.builder(name, network, f).description(description).register(registry);
  }

  private static DhtMetrics dht(SearchNetwork n) {
    return n.node().metrics();
  }

  private static TransportMetrics transport(SearchNetwork n) {
    return n.transportMetrics();
  }
}
