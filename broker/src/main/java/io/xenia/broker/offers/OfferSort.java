package io.xenia.broker.offers;

import java.util.Arrays;
import java.util.Optional;

/** How offers are ranked: {@code price} (hourly price ascending) or {@code rtt} (closest first). */
public enum OfferSort {
  PRICE("price"),
  RTT("rtt");

  private final String wireName;

  OfferSort(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<OfferSort> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
