package io.xenia.broker.ledger;

/** Why money moved. The wire names are stable: finance reports group by them. */
public enum EntryKind {
  /** Money came in from outside (finance recorded a payment). */
  DEPOSIT("deposit"),
  /** A purchase order set money aside from the customer's available funds. */
  RING_FENCE("purchase-order-ring-fence"),
  /** A closed purchase order gave back what it had not spent. */
  RELEASE("purchase-order-release"),
  /** Usage was charged to a purchase order: host payable and the platform's fee. */
  CHARGE("purchase-order-charge");

  private final String wireName;

  EntryKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
