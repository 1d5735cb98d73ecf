package io.xenia.broker.orders;

import java.util.Arrays;
import java.util.Optional;

/** Open orders hold money; cancelled and expired ones have given back what they did not spend. */
public enum PurchaseOrderStatus {
  OPEN("open"),
  CANCELLED("cancelled"),
  EXPIRED("expired");

  private final String wireName;

  PurchaseOrderStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<PurchaseOrderStatus> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
