package io.xenia.hostdaemon.session;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.admission.OperatorPolicy;
import io.xenia.hostdaemon.audit.Audit;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.driver.Driver;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.Session;
import io.xenia.hostdaemon.reconcile.Reconciler;
import io.xenia.hostdaemon.session.ModificationDecision.Modified;
import io.xenia.hostdaemon.session.ModificationDecision.Refused;
import io.xenia.hostdaemon.store.ConcurrentUpdateException;
import io.xenia.hostdaemon.store.MachineStore;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Changes a running session: a new lease end and/or new CPU and memory limits, as an amended
 * agreement signed by the host key ({@link AgreementAmendment}).
 *
 * <p>Order, all while the reconciler leaves the machine alone ({@link Reconciler#exclusively}):
 *
 * <ol>
 *   <li>check ({@link ModificationRules}) on a fresh read of the record;
 *   <li>for a resize, ask the driver to enforce the limits in force (idempotent, so a no-op): a
 *       driver that cannot resize says UNSUPPORTED here, before anything is stored;
 *   <li>audit {@code session-modified}, then store the session with the amended agreement, new
 *       limits and lease end (compare-and-set: if a terminate or another change came first, the
 *       change is refused with {@code session-changed} and nothing else happens);
 *   <li>resize to the new limits. If the driver fails, the old session is stored again and its
 *       limits re-applied ({@code resize-failed}). A daemon killed between 3 and 4 restarts with
 *       the new limits stored, and the reconciler applies them to the running machine once per
 *       agreement and run.
 * </ol>
 *
 * The reconciler enforces the stored lease end as before; usage records switch agreement at the
 * change ({@link io.xenia.hostdaemon.metering.UsageSampler}). Thread-safe.
 */
public final class SessionModifier {
  private static final Duration BUSY_WAIT = Duration.ofSeconds(30);

  private final MachineStore store;
  private final Drivers drivers;
  private final Function<String, Optional<InventoryMachine>> machines;
  // Read at each modification: an inventory reload may change it while the daemon runs.
  private final Supplier<OperatorPolicy> policy;
  private final Reconciler reconciler;
  private final Ed25519KeyPair hostKey;
  private final Clock clock;
  private final Audit audit;

  public SessionModifier(
      MachineStore store,
      Drivers drivers,
      Function<String, Optional<InventoryMachine>> machines,
      Supplier<OperatorPolicy> policy,
      Reconciler reconciler,
      Ed25519KeyPair hostKey,
      Clock clock,
      Audit audit) {
    this.store = requireNonNull(store, "store is null");
    this.drivers = requireNonNull(drivers, "drivers is null");
    this.machines = requireNonNull(machines, "machines is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.reconciler = requireNonNull(reconciler, "reconciler is null");
    this.hostKey = requireNonNull(hostKey, "hostKey is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.audit = requireNonNull(audit, "audit is null");
  }

  /**
   * Applies the change to the session the machine serves, or refuses it (audited as {@code
   * session-modify-refused}).
   *
   * @throws IllegalStateException if the machine is held by a reconciler step for too long
   */
  public ModificationDecision modify(String machineId, String sessionId, SessionChange change) {
    requireNonNull(change, "change is null");
    Optional<InventoryMachine> machine = machines.apply(machineId);
    if (machine.isEmpty()) {
      return refused(
          machineId,
          sessionId,
          new Refused(
              ModificationRefusal.SESSION_NOT_RUNNING,
              "machine " + machineId + " is not in the inventory"));
    }
    MachineSpec spec = machine.get().spec();
    return reconciler.exclusively(machineId, BUSY_WAIT, () -> modifyHeld(spec, sessionId, change));
  }

  private ModificationDecision modifyHeld(
      MachineSpec spec, String sessionId, SessionChange change) {
    String machineId = spec.id();
    MachineRecord r = store.require(machineId);
    if (!r.serves(sessionId)) {
      return refused(
          machineId,
          sessionId,
          new Refused(
              ModificationRefusal.SESSION_CHANGED,
              "machine " + machineId + " no longer serves session " + sessionId));
    }
    Session old = r.requireSession();
    if (old.agreement().isEmpty()) {
      return refused(
          machineId,
          sessionId,
          new Refused(
              ModificationRefusal.INVALID_REQUEST,
              "session " + sessionId + " has no signed agreement to amend"));
    }
    Agreement current = Agreement.fromCanonical(old.agreement().get().bodyValue());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Optional<Refused> refusal =
        ModificationRules.check(change, r, current, spec.declared().resources(), policy.get(), now);
    if (refusal.isPresent()) {
      return refused(machineId, sessionId, refusal.get());
    }
    Limits limits = change.limitsFrom(old.limits());
    boolean resize = !limits.equals(old.limits());
    boolean newEnd =
        change.leaseEnd().isPresent() && !change.leaseEnd().equals(ModificationRules.end(current));
    if (!resize && !newEnd) {
      // Asks for what is agreed already: the agreement in force stands, nothing is written.
      return new Modified(current, old.agreement().get(), r);
    }
    Driver driver = drivers.forMachine(spec);
    if (resize) {
      try {
        driver.resize(spec, old.limits()); // the limits in force: a no-op that shows support
      } catch (DriverException e) {
        ModificationRefusal reason =
            e.kind() == DriverException.Kind.UNSUPPORTED
                ? ModificationRefusal.UNSUPPORTED
                : ModificationRefusal.RESIZE_FAILED;
        return refused(machineId, sessionId, new Refused(reason, e.getMessage()));
      }
    }
    Agreement amended =
        AgreementAmendment.amend(
            current, "agr-" + UUID.randomUUID(), limits, now, change.leaseEnd());
    SignedEnvelope envelope = SignedEnvelope.sign(Agreement.TYPE, amended, hostKey);
    Session next =
        new Session(
            old.sessionId(),
            amended.agreementId(),
            old.customerAccountId(),
            old.customerPublicKey(),
            old.sshPublicKeys(),
            limits,
            old.image(),
            Optional.of(envelope),
            ModificationRules.end(amended));
    audit.record("session-modified", machineId, details(old, next));
    MachineRecord written;
    try {
      written = store.compareAndSet(r, r.withSession(Optional.of(next)));
    } catch (ConcurrentUpdateException e) {
      return refused(
          machineId,
          sessionId,
          new Refused(
              ModificationRefusal.SESSION_CHANGED,
              "session "
                  + sessionId
                  + " changed while it was being modified (now "
                  + e.current().state().wireName()
                  + "); the modification was not made"));
    }
    if (resize) {
      try {
        driver.resize(spec, limits);
      } catch (DriverException e) {
        return rollBack(spec, written, old, e);
      }
    }
    reconciler.limitsApplied(machineId, next.agreementId());
    reconciler.wake(); // the lease end may have moved
    return new Modified(amended, envelope, written);
  }

  /** Puts the old session back (if the record is still ours) and re-applies its limits. */
  private ModificationDecision rollBack(
      MachineSpec spec, MachineRecord written, Session old, DriverException cause) {
    String machineId = spec.id();
    Map<String, String> d = new LinkedHashMap<>();
    d.put("session", old.sessionId());
    d.put("agreement", old.agreementId());
    d.put("voided", written.requireSession().agreementId());
    d.put("error", String.valueOf(cause.getMessage()));
    audit.record("session-modify-rolled-back", machineId, d);
    try {
      store.compareAndSet(written, written.withSession(Optional.of(old)));
    } catch (ConcurrentUpdateException e) {
      // Terminated meanwhile: the machine is being released; its limits no longer matter.
    }
    try {
      drivers.forMachine(spec).resize(spec, old.limits());
    } catch (DriverException e) {
      // The reconciler re-applies the stored limits at its next pass.
    }
    return refused(
        machineId,
        old.sessionId(),
        new Refused(ModificationRefusal.RESIZE_FAILED, String.valueOf(cause.getMessage())));
  }

  private static Map<String, String> details(Session old, Session next) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("session", old.sessionId());
    d.put("oldAgreement", old.agreementId());
    d.put("newAgreement", next.agreementId());
    d.put("cpus", Integer.toString(next.limits().cpuCores()));
    d.put("memoryMiB", Long.toString(next.limits().memoryMiB()));
    d.put("leaseEnd", next.notAfter().map(Instant::toString).orElse("open"));
    return d;
  }

  private Refused refused(String machineId, String sessionId, Refused refusal) {
    audit.record(
        "session-modify-refused",
        machineId,
        Map.of(
            "session", sessionId, "reason", refusal.reason().code(), "detail", refusal.detail()));
    return refusal;
  }
}
