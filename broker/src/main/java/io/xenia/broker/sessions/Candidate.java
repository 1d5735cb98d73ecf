package io.xenia.broker.sessions;

import static java.util.Objects.requireNonNull;

import io.xenia.dht.vivaldi.Coordinate;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import java.util.Optional;
import java.util.UUID;

/**
 * A machine placement may choose: an advertised machine of a live host the broker can reach.
 *
 * @param hostId the broker's id of the host (its row)
 * @param advertisement the host's signed offer, as found in the search index
 * @param pricePerHour the offer's hourly price (the price list's {@code perHour})
 * @param coordinate the Vivaldi coordinate the host published with the ad (for RTT bounds)
 */
public record Candidate(
    UUID hostId, Advertisement advertisement, Money pricePerHour, Optional<Coordinate> coordinate) {
  public Candidate {
    requireNonNull(coordinate, "coordinate is null");
    requireNonNull(hostId, "hostId is null");
    requireNonNull(advertisement, "advertisement is null");
    requireNonNull(pricePerHour, "pricePerHour is null");
  }

  /** A candidate whose host's network coordinate is not known. */
  public Candidate(UUID hostId, Advertisement advertisement, Money pricePerHour) {
    this(hostId, advertisement, pricePerHour, Optional.empty());
  }

  public String machineId() {
    return advertisement.machineId();
  }

  public String owner() {
    return advertisement.ownerAccountId();
  }

  public String region() {
    return advertisement.location().region();
  }

  /** Unique per machine. */
  public String machineKey() {
    return hostId + "/" + advertisement.machineId();
  }
}
