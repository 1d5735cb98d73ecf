package io.xenia.broker.sessions;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Advertisement;
import java.util.UUID;

/**
 * A machine placement may choose: an advertised machine of a live host the broker can reach.
 *
 * @param hostId the broker's id of the host (its row)
 * @param advertisement the host's signed offer, as found in the search index
 * @param pricePerHour the offer's hourly price (the price list's {@code perHour})
 */
public record Candidate(UUID hostId, Advertisement advertisement, Money pricePerHour) {
  public Candidate {
    requireNonNull(hostId, "hostId is null");
    requireNonNull(advertisement, "advertisement is null");
    requireNonNull(pricePerHour, "pricePerHour is null");
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
