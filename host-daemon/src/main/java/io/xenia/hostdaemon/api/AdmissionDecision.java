package io.xenia.hostdaemon.api;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.signing.SignedEnvelope;

/** The outcome of an admission: the agreement signed by the host, or a refusal with a reason. */
public sealed interface AdmissionDecision {
  /** Admitted: the machine is claimed for this agreement, which the host has signed. */
  record Admitted(SignedEnvelope agreement) implements AdmissionDecision {
    public Admitted {
      requireNonNull(agreement, "agreement is null");
    }
  }

  /**
   * Refused. {@code reason} is a stable code the broker may switch on: {@code machine-unknown},
   * {@code machine-unavailable} (claimed, failed or in maintenance), {@code insufficient-capacity},
   * {@code price-below-minimum}, {@code customer-not-allowed}, {@code maintenance-window}, {@code
   * invalid-proposal}; {@code detail} is for humans.
   */
  record Refused(String reason, String detail) implements AdmissionDecision {
    public Refused {
      requireNonNull(reason, "reason is null");
      requireNonNull(detail, "detail is null");
    }
  }
}
