package io.xenia.hostdaemon.admission;

/** Why an admission was refused; {@link #code()} is the stable wire code. */
public enum RefusalReason {
  /** The request is malformed (bad ids, zero resources, ...). */
  INVALID_REQUEST("invalid-request"),
  /** No machine with that id on this host. */
  UNKNOWN_MACHINE("unknown-machine"),
  /** The machine exists but is not ready (leased, provisioning, failed, new). */
  MACHINE_NOT_READY("machine-not-ready"),
  /** Another admission claimed the machine first (lost the race). */
  MACHINE_TAKEN("machine-taken"),
  /** The requested resources exceed the machine's. */
  RESOURCES_DO_NOT_FIT("resources-do-not-fit"),
  /** The offer is in another currency than the machine's price list. */
  CURRENCY_MISMATCH("currency-mismatch"),
  /** The offer is below the machine's list price or the operator's minimum. */
  PRICE_TOO_LOW("price-too-low"),
  /** The operator blocks this customer. */
  CUSTOMER_BLOCKED("customer-blocked"),
  /** The operator admits only listed customers, and this one is not listed. */
  CUSTOMER_NOT_ALLOWED("customer-not-allowed"),
  /** The lease would overlap a maintenance window. */
  MAINTENANCE_WINDOW("maintenance-window");

  private final String code;

  RefusalReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
