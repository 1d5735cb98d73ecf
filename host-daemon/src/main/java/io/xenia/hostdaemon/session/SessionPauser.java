package io.xenia.hostdaemon.session;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.audit.Audit;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.reconcile.Reconciler;
import io.xenia.hostdaemon.store.MachineStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Pauses and resumes a running session's machine for the broker (its purchase order ran out and it
 * waits for money in a grace period): the driver stops the deployment without losing it ({@code
 * cgroup.freeze}, QMP {@code stop}), and the reconciler stops probing it meanwhile (a frozen
 * machine does not answer SSH; that is not a lost deployment). The machine record's state stays
 * {@code running}: the lease and the agreement do not change, only whether it runs. The pause is
 * not stored: a daemon that restarts probes a still-frozen machine as unanswered, and the broker
 * (which decides pauses) asks again or ends the session.
 */
public final class SessionPauser {
  private static final Duration BUSY_WAIT = Duration.ofSeconds(30);

  /** Why a pause or resume cannot happen; {@code reason} is a stable code for the API. */
  public static final class Refused extends RuntimeException {
    private final String reason;
    private final boolean conflict;

    Refused(String reason, boolean conflict, String message) {
      super(message, null, false, false);
      this.reason = reason;
      this.conflict = conflict;
    }

    public String reason() {
      return reason;
    }

    /** True when the session is not in a state to pause (not running, another session). */
    public boolean conflict() {
      return conflict;
    }
  }

  private final MachineStore store;
  private final Drivers drivers;
  private final Reconciler reconciler;
  private final Audit audit;

  public SessionPauser(MachineStore store, Drivers drivers, Reconciler reconciler, Audit audit) {
    this.store = requireNonNull(store, "store is null");
    this.drivers = requireNonNull(drivers, "drivers is null");
    this.reconciler = requireNonNull(reconciler, "reconciler is null");
    this.audit = requireNonNull(audit, "audit is null");
  }

  /**
   * Pauses ({@code paused} true) or resumes the machine serving {@code sessionId}; idempotent.
   *
   * @throws Refused when the machine does not run that session, or its driver cannot pause
   */
  public MachineRecord pause(
      Optional<MachineSpec> spec, String machineId, String sessionId, boolean paused) {
    if (spec.isEmpty()) {
      throw new Refused(
          "session-not-running", true, "machine " + machineId + " is not in the inventory");
    }
    return reconciler.exclusively(
        machineId,
        BUSY_WAIT,
        () -> {
          MachineRecord r = store.require(machineId);
          if (!r.serves(sessionId) || r.state() != MachineState.RUNNING) {
            throw new Refused(
                "session-not-running",
                true,
                "machine " + machineId + " does not run session " + sessionId + " now");
          }
          try {
            if (paused) {
              drivers.forMachine(spec.get()).pause(spec.get());
            } else {
              drivers.forMachine(spec.get()).resume(spec.get());
            }
          } catch (DriverException e) {
            if (e.kind() == DriverException.Kind.UNSUPPORTED) {
              throw new Refused("pause-unsupported", false, e.getMessage());
            }
            throw new IllegalStateException(e.getMessage(), e);
          }
          reconciler.paused(machineId, paused);
          audit.record(
              paused ? "session-paused" : "session-resumed",
              machineId,
              Map.of("session", sessionId));
          return r;
        });
  }
}
