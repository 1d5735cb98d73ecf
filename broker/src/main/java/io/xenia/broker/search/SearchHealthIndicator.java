package io.xenia.broker.search;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.xenia.dht.DhtMetrics;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.reactivestreams.Publisher;

/**
 * Reports the DHT node in {@code /health} as {@code search-dht}: UP with the node's address,
 * routing table size and stored entries while it runs; DOWN (and so the whole health DOWN, 503)
 * when seeds are configured but the node knows no peer after its first join attempt failed, or when
 * its membership certificate has expired. Not reported at all with {@code
 * xenia.search.enabled=false}.
 */
@Singleton
@Requires(property = SearchNetworkFactory.ENABLED, notEquals = "false")
final class SearchHealthIndicator implements HealthIndicator {
  static final String NAME = "search-dht";
  private final SearchNetwork network;
  private final SeedJoiner joiner;
  private final Clock clock;

  SearchHealthIndicator(SearchNetwork network, SeedJoiner joiner, Clock clock) {
    this.network = network;
    this.joiner = joiner;
    this.clock = clock;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return Publishers.just(result());
  }

  HealthResult result() {
    DhtMetrics metrics = network.node().metrics();
    SeedJoiner.Status join = joiner.status();
    Instant notAfter = network.certificate().claims().notAfter();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("address", HostPorts.format(network.address()));
    details.put("nodeId", network.node().id().toHex());
    details.put("routingTableSize", metrics.routingTableSize());
    details.put("storedEntries", metrics.storedEntries());
    details.put("seeds", join.seeds().stream().map(HostPorts::format).collect(Collectors.toList()));
    details.put("joinAttempts", join.attempts());
    details.put("certificateNotAfter", notAfter.toString());
    details.put("openMembership", network.openMembership());
    String down = null;
    if (!network.openMembership() && !clock.instant().isBefore(notAfter)) {
      down =
          "the membership certificate expired at "
              + notAfter
              + "; restart the broker to issue a new one";
    } else if (!join.seeds().isEmpty() && metrics.routingTableSize() == 0 && join.failures() > 0) {
      down =
          "not joined: "
              + join.failures()
              + " attempt(s) through the seeds failed, the last with: "
              + join.lastFailure();
      if (join.nextAttempt() != null) {
        details.put("nextAttempt", join.nextAttempt().toString());
      }
    }
    if (down != null) {
      details.put("reason", down);
    }
    return HealthResult.builder(NAME, down == null ? HealthStatus.UP : HealthStatus.DOWN)
        .details(details)
        .build();
  }
}
