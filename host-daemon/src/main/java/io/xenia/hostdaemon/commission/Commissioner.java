package io.xenia.hostdaemon.commission;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.audit.Audit;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.driver.Driver;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.store.MachineStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Commissioning: checks each machine's declared facts through {@link Driver#inspect} and marks it
 * ready, or failed with the reason (which facts differ, or why it could not be inspected).
 *
 * <p>Commissioned are machines that are {@code new}, and {@code failed} ones without a session (an
 * operator may have repaired them; a failed machine that still holds a session is left for the
 * operator). A ready machine is checked again and marked failed if its facts no longer hold.
 * Machines in a session are never touched. A leftover deployment found on a machine (no session
 * owns it) is wiped before the machine is marked ready.
 *
 * <p>A driver that cannot measure (inspection without facts) is trusted: the machine becomes ready
 * and the audit entry says the facts were not measured.
 */
public final class Commissioner {
  private final MachineStore store;
  private final Drivers drivers;
  private final Audit audit;

  public Commissioner(MachineStore store, Drivers drivers, Audit audit) {
    this.store = requireNonNull(store, "store is null");
    this.drivers = requireNonNull(drivers, "drivers is null");
    this.audit = requireNonNull(audit, "audit is null");
  }

  /** Commissions every machine in {@code specs}; returns their records afterwards. */
  public List<MachineRecord> commissionAll(List<MachineSpec> specs) {
    return specs.stream().map(this::commission).toList();
  }

  /** Commissions one machine (registering it if new); returns its record afterwards. */
  public MachineRecord commission(MachineSpec spec) {
    MachineRecord record = store.register(spec.id());
    boolean eligible =
        record.state() == MachineState.NEW
            || record.state() == MachineState.READY
            || (record.state() == MachineState.FAILED && record.session().isEmpty());
    if (!eligible) {
      return record;
    }
    Optional<String> problem = check(spec);
    if (problem.isPresent()) {
      if (record.state() == MachineState.FAILED) {
        return record.reason().equals(problem)
            ? record
            : store.compareAndSet(record, record.withReason(problem));
      }
      return store.transition(record, MachineState.FAILED, problem);
    }
    return record.state() == MachineState.READY
        ? record
        : store.transition(record, MachineState.READY, Optional.empty());
  }

  /** The reason the machine cannot be ready, or empty if it can. */
  private Optional<String> check(MachineSpec spec) {
    Driver driver;
    try {
      driver = drivers.forMachine(spec);
    } catch (IllegalStateException e) {
      return Optional.of("commissioning: " + e.getMessage());
    }
    try {
      Inspection inspection = driver.inspect(spec);
      if (inspection.measured().isEmpty()) {
        audit.record("commission-unmeasured", spec.id(), Map.of("driver", spec.driver()));
      } else {
        List<String> diffs = FactCheck.differences(spec.declared(), inspection.measured().get());
        if (!diffs.isEmpty()) {
          return Optional.of("commissioning: facts differ: " + String.join("; ", diffs));
        }
      }
      if (inspection.deployedSession().isPresent()) {
        audit.record(
            "stale-deployment-wipe",
            spec.id(),
            Map.of("session", inspection.deployedSession().get(), "by", "commissioning"));
        driver.wipe(spec);
      }
      return Optional.empty();
    } catch (DriverException e) {
      return Optional.of("commissioning: " + e.kind().name().toLowerCase() + ": " + e.getMessage());
    }
  }
}
