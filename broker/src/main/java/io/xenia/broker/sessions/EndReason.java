package io.xenia.broker.sessions;

import java.util.Arrays;
import java.util.Optional;

/** Why a session ended or failed: every end names one. The wire names are stable. */
public enum EndReason {
  /** The customer ended it ({@code DELETE /v1/sessions/{id}}). */
  CUSTOMER("customer"),
  /** Its agreed lease end passed. */
  EXPIRED("expired"),
  /** Its purchase order ran out. */
  FUNDS_EXHAUSTED("funds-exhausted"),
  /** Its host went down or was revoked. */
  HOST_UNREACHABLE("host-unreachable"),
  /** The host ended it (the machine was taken back, failed, or released by the host). */
  HOST_RECLAIMED("host-reclaimed"),
  /** The machine never became ready for the customer. */
  PROVISIONING_FAILED("provisioning-failed"),
  /** An administrator ended it. */
  ADMIN("admin");

  private final String wireName;

  EndReason(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<EndReason> fromWireName(String name) {
    return Arrays.stream(values()).filter(r -> r.wireName.equals(name)).findFirst();
  }
}
