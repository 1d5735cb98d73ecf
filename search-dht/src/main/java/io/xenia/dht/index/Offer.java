package io.xenia.dht.index;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.vivaldi.Coordinate;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.signing.SignedEnvelope;
import java.util.OptionalDouble;

/**
 * One search hit: the verified advertisement, the envelope it came in (to forward unchanged), its
 * hourly price, the coordinate its host published with it, and, when the search ranked by
 * proximity, the estimated round-trip time in milliseconds that ranked it.
 */
public record Offer(
    Advertisement advertisement,
    SignedEnvelope envelope,
    Money price,
    Coordinate coordinate,
    OptionalDouble rttMillis) {
  /** Checks presence. */
  public Offer {
    requireNonNull(advertisement, "advertisement is null");
    requireNonNull(envelope, "envelope is null");
    requireNonNull(price, "price is null");
    requireNonNull(coordinate, "coordinate is null");
    requireNonNull(rttMillis, "rttMillis is null");
  }

  /** {@code hostId/machineId}: unique per machine, the final tie-breaker of every ranking. */
  public String machineKey() {
    return IndexKeys.machineKey(advertisement.hostId(), advertisement.machineId());
  }
}
