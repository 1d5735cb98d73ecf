package io.xenia.hostdaemon.admission;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.signing.SignedEnvelope;

/** The outcome of {@link Admission#admit}: an agreement, or a refusal with a reason code. */
public sealed interface AdmissionDecision {
  /**
   * The machine is claimed for the session.
   *
   * @param agreement the agreement record
   * @param envelope the agreement signed by the host key, for the broker to co-sign
   * @param machine the machine's record after the claim ({@code claimed})
   */
  record Admitted(Agreement agreement, SignedEnvelope envelope, MachineRecord machine)
      implements AdmissionDecision {
    public Admitted {
      requireNonNull(agreement, "agreement is null");
      requireNonNull(envelope, "envelope is null");
      requireNonNull(machine, "machine is null");
    }
  }

  /** Not admitted; {@code detail} is for humans, {@code reason.code()} for programs. */
  record Refused(RefusalReason reason, String detail) implements AdmissionDecision {
    public Refused {
      requireNonNull(reason, "reason is null");
      requireNonNull(detail, "detail is null");
    }
  }
}
