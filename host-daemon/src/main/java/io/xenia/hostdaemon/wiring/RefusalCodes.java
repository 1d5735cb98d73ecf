package io.xenia.hostdaemon.wiring;

import io.xenia.hostdaemon.admission.RefusalReason;

/**
 * The core's refusal reasons in the control API's stable vocabulary (see {@link
 * io.xenia.hostdaemon.api.AdmissionDecision.Refused}): brokers switch on these codes, so several
 * core reasons share one API code where a broker would act the same way.
 */
final class RefusalCodes {
  private RefusalCodes() {}

  static String apiCode(RefusalReason reason) {
    return switch (reason) {
      case UNKNOWN_MACHINE -> "machine-unknown";
      case MACHINE_NOT_READY, MACHINE_TAKEN -> "machine-unavailable";
      case RESOURCES_DO_NOT_FIT -> "insufficient-capacity";
      case PRICE_TOO_LOW -> "price-below-minimum";
      case CUSTOMER_BLOCKED, CUSTOMER_NOT_ALLOWED -> "customer-not-allowed";
      case MAINTENANCE_WINDOW -> "maintenance-window";
      case INVALID_REQUEST, CURRENCY_MISMATCH -> "invalid-proposal";
    };
  }
}
