package io.xenia.hostdaemon.session;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.signing.SignedEnvelope;

/** The outcome of a change to a running session. */
public sealed interface ModificationDecision {
  /**
   * The change is in force.
   *
   * @param agreement the amended agreement (a new id, the same session)
   * @param envelope it, signed by the host key
   * @param machine the machine's record carrying it
   */
  record Modified(Agreement agreement, SignedEnvelope envelope, MachineRecord machine)
      implements ModificationDecision {
    public Modified {
      requireNonNull(agreement, "agreement is null");
      requireNonNull(envelope, "envelope is null");
      requireNonNull(machine, "machine is null");
    }
  }

  /** The change was refused; the agreement in force is unchanged. */
  record Refused(ModificationRefusal reason, String detail) implements ModificationDecision {
    public Refused {
      requireNonNull(reason, "reason is null");
      requireNonNull(detail, "detail is null");
    }
  }
}
