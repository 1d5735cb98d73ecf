package io.xenia.hostdaemon.session;

import io.xenia.hostdaemon.admission.MaintenanceWindow;
import io.xenia.hostdaemon.admission.OperatorPolicy;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.session.ModificationDecision.Refused;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.Resources;
import java.time.Instant;
import java.util.Optional;

/**
 * The checks on a change to a running session, as pure code: the session runs and its lease has not
 * ended, then the new limits (1 .. what the machine declares), then the new lease end (after now
 * and after the agreement's start), then the operator's maintenance windows for the time the change
 * adds to the lease. The first failed check is the refusal.
 */
public final class ModificationRules {
  private ModificationRules() {}

  /**
   * The refusal, or empty if the change may be made.
   *
   * @param record the machine's record, which serves the session
   * @param current the agreement in force
   * @param declared what the machine declares in the inventory
   */
  public static Optional<Refused> check(
      SessionChange change,
      MachineRecord record,
      Agreement current,
      Resources declared,
      OperatorPolicy policy,
      Instant now) {
    String session = current.sessionId();
    if (record.state() != MachineState.RUNNING) {
      return refuse(
          ModificationRefusal.SESSION_NOT_RUNNING,
          "session "
              + session
              + " is "
              + record.state().wireName()
              + "; only a running session can be modified");
    }
    Optional<Instant> agreedEnd = end(current);
    if (agreedEnd.isPresent() && !agreedEnd.get().isAfter(now)) {
      return refuse(
          ModificationRefusal.SESSION_NOT_RUNNING,
          "the lease of session " + session + " ended at " + agreedEnd.get());
    }
    if (change.isEmpty()) {
      return refuse(ModificationRefusal.INVALID_REQUEST, "the change names nothing to change");
    }
    if (change.cpuCores().isPresent()) {
      int cpus = change.cpuCores().get();
      if (cpus < 1) {
        return refuse(ModificationRefusal.INVALID_REQUEST, "cpus must be at least 1, not " + cpus);
      }
      if (cpus > declared.cpuCores()) {
        return refuse(
            ModificationRefusal.RESOURCES_DO_NOT_FIT,
            "cpus " + cpus + " but the machine has " + declared.cpuCores());
      }
    }
    if (change.memoryMiB().isPresent()) {
      long mib = change.memoryMiB().get();
      if (mib < 1) {
        return refuse(
            ModificationRefusal.INVALID_REQUEST, "memoryMib must be at least 1, not " + mib);
      }
      if (mib > declared.memoryMiB()) {
        return refuse(
            ModificationRefusal.RESOURCES_DO_NOT_FIT,
            "memoryMib " + mib + " but the machine has " + declared.memoryMiB());
      }
    }
    if (change.leaseEnd().isPresent()) {
      Instant end = change.leaseEnd().get();
      if (!end.isAfter(now)) {
        return refuse(
            ModificationRefusal.LEASE_END_INVALID, "leaseEnd " + end + " is not after now " + now);
      }
      if (!end.isAfter(current.notBefore())) {
        return refuse(
            ModificationRefusal.LEASE_END_INVALID,
            "leaseEnd " + end + " is not after the agreement's start " + current.notBefore());
      }
      // Only the time the change adds to the lease is checked: a lease admitted before a window
      // was declared may still be shortened, and an extension may not run into one.
      if (agreedEnd.isPresent() && end.isAfter(agreedEnd.get())) {
        Instant from = agreedEnd.get().isAfter(now) ? agreedEnd.get() : now;
        for (MaintenanceWindow w : policy.maintenanceWindows()) {
          if (w.overlaps(from, end)) {
            return refuse(
                ModificationRefusal.MAINTENANCE_WINDOW,
                "the extended lease would overlap maintenance " + w.start() + " .. " + w.end());
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The agreement's fixed end, or empty for an open-ended lease. */
  public static Optional<Instant> end(Agreement agreement) {
    return agreement.end() instanceof LeaseEnd.Fixed fixed
        ? Optional.of(fixed.notAfter())
        : Optional.empty();
  }

  private static Optional<Refused> refuse(ModificationRefusal reason, String detail) {
    return Optional.of(new Refused(reason, detail));
  }
}
