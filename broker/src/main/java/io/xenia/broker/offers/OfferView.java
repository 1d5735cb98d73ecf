package io.xenia.broker.offers;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.xenia.broker.common.MoneyAmount;
import io.xenia.dht.index.Offer;
import io.xenia.protocol.records.Advertisement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One machine on offer, from its host's signed advertisement (verified by the index).
 *
 * @param estimatedRttMillis when ranked by proximity: the Vivaldi estimate of the RTT to the {@code
 *     near} host, whole milliseconds rounded up
 */
@Serdeable
@Schema(name = "Offer")
public record OfferView(
    @Schema(description = "fingerprint of the host's Ed25519 key") String hostId,
    @Schema(description = "the account that owns the machine and is paid") String ownerAccountId,
    String machineId,
    Location location,
    ResourcesView total,
    ResourcesView available,
    Capabilities capabilities,
    Prices prices,
    long sequence,
    Instant expiresAt,
    @Nullable Long estimatedRttMillis) {

  /** Where the machine is; the geohash only as precise as the owner discloses. */
  @Serdeable
  @Schema(name = "OfferLocation")
  public record Location(String region, @Nullable String geohash) {}

  /** What the machine can do. */
  @Serdeable
  @Schema(name = "OfferCapabilities")
  public record Capabilities(
      List<String> bootMethods, List<String> images, List<String> teeKinds) {}

  /** The asking price: per hour for the whole machine, and metered prices per unit of use. */
  @Serdeable
  @Schema(name = "OfferPrices")
  public record Prices(MoneyAmount perHour, Map<String, MoneyAmount> perUnit) {}

  static OfferView of(Offer offer) {
    Advertisement ad = offer.advertisement();
    Map<String, MoneyAmount> perUnit = new LinkedHashMap<>();
    ad.prices().perUnit().forEach((unit, price) -> perUnit.put(unit, MoneyAmount.of(price)));
    return new OfferView(
        ad.hostId(),
        ad.ownerAccountId(),
        ad.machineId(),
        new Location(ad.location().region(), ad.location().geohash().orElse(null)),
        ResourcesView.of(ad.total()),
        ResourcesView.of(ad.available()),
        new Capabilities(
            List.copyOf(ad.capabilities().bootMethods()),
            List.copyOf(ad.capabilities().images()),
            List.copyOf(ad.capabilities().teeKinds())),
        new Prices(MoneyAmount.of(offer.price()), perUnit),
        ad.sequence(),
        ad.expiresAt(),
        offer.rttMillis().isPresent() ? (long) Math.ceil(offer.rttMillis().getAsDouble()) : null);
  }
}
