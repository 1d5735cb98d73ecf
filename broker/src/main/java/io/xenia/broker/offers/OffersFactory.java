package io.xenia.broker.offers;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.xenia.broker.search.SearchNetwork;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Currency;
import java.util.Optional;
import java.util.stream.Collectors;

/** Wires the offer search onto the broker's DHT node, when it runs one. */
@Factory
final class OffersFactory {
  /** {@code xenia.offers.default-currency}: the index searched when a request names none. */
  static final String DEFAULT_CURRENCY = "xenia.offers.default-currency";

  @Singleton
  @Named("offersDefaultCurrency")
  Currency defaultCurrency(@Value("${" + DEFAULT_CURRENCY + ":EUR}") String code) {
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          DEFAULT_CURRENCY + ": '" + code + "' is not an ISO 4217 currency code", e);
    }
  }

  @Singleton
  OfferSearch offerSearch(Optional<SearchNetwork> network, Clock clock) {
    return new OfferSearch(
        network.map(n -> new OfferIndexes(n.node(), clock)),
        () -> network.flatMap(OffersFactory::unreachable));
  }

  /**
   * A node with seeds that knows no peer has not joined (or has lost) the network: an answer from
   * its own store alone would silently miss offers. A node without seeds is the network's first and
   * answers from what it holds.
   */
  private static Optional<String> unreachable(SearchNetwork network) {
    if (network.seeds().isEmpty() || network.node().metrics().routingTableSize() > 0) {
      return Optional.empty();
    }
    return Optional.of(
        "the broker's search node has not joined the search network: no peer answered through "
            + network.seeds().stream()
                .map(InetSocketAddress::toString)
                .collect(Collectors.joining(", "))
            + "; retry later");
  }
}
