package io.xenia.hostdaemon.admission;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.admission.AdmissionDecision.Admitted;
import io.xenia.hostdaemon.admission.AdmissionDecision.Refused;
import io.xenia.hostdaemon.audit.Audit;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.Session;
import io.xenia.hostdaemon.store.MachineStore;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Admission: the entry point the control API calls. Checks the request ({@link AdmissionRules}),
 * claims the machine atomically in the store, and returns the {@link Agreement} signed by the host
 * key; or a refusal with a stable reason code. Of concurrent admissions for one machine exactly one
 * is admitted; the others get {@link RefusalReason#MACHINE_TAKEN} (or {@code machine-not-ready} if
 * they read the machine after the winner's claim). Every refusal is audited; an admission is
 * audited by the store as the {@code ready → claimed} transition. Thread-safe.
 */
public final class Admission {
  private final Function<String, Optional<InventoryMachine>> machines;
  private final Supplier<OperatorPolicy> policy;
  // Admissions share it; an inventory reload takes it alone, so no claim runs on an inventory
  // entry that is being replaced (a machine removed by a reload is never claimed after it).
  private final ReentrantReadWriteLock inventoryGuard = new ReentrantReadWriteLock();
  private final MachineStore store;
  private final Ed25519KeyPair hostKey;
  private final Clock clock;
  private final Audit audit;

  public Admission(
      Function<String, Optional<InventoryMachine>> machines,
      OperatorPolicy policy,
      MachineStore store,
      Ed25519KeyPair hostKey,
      Clock clock,
      Audit audit) {
    this(
        machines, constant(requireNonNull(policy, "policy is null")), store, hostKey, clock, audit);
  }

  /** With a policy that may change while the daemon runs (an inventory reload). */
  public Admission(
      Function<String, Optional<InventoryMachine>> machines,
      Supplier<OperatorPolicy> policy,
      MachineStore store,
      Ed25519KeyPair hostKey,
      Clock clock,
      Audit audit) {
    this.machines = requireNonNull(machines, "machines is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.store = requireNonNull(store, "store is null");
    this.hostKey = requireNonNull(hostKey, "hostKey is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.audit = requireNonNull(audit, "audit is null");
  }

  private static Supplier<OperatorPolicy> constant(OperatorPolicy policy) {
    return () -> policy;
  }

  /**
   * Runs {@code action} while no admission is deciding: every admission before it has claimed (or
   * not), every one after it reads what {@code action} left.
   */
  public <T> T withoutAdmissions(Supplier<T> action) {
    inventoryGuard.writeLock().lock();
    try {
      return action.get();
    } finally {
      inventoryGuard.writeLock().unlock();
    }
  }

  /** Decides a request; on admission the machine is {@code claimed} for the request's session. */
  public AdmissionDecision admit(AdmissionRequest request) {
    requireNonNull(request, "request is null");
    inventoryGuard.readLock().lock();
    try {
      return decide(request);
    } finally {
      inventoryGuard.readLock().unlock();
    }
  }

  private AdmissionDecision decide(AdmissionRequest request) {
    Instant now = clock.instant();
    Optional<InventoryMachine> machine = machines.apply(request.machineId());
    Optional<MachineRecord> record = store.get(request.machineId());
    Optional<Refused> refusal = AdmissionRules.check(request, machine, record, policy.get(), now);
    if (refusal.isPresent()) {
      return refused(request, refusal.get());
    }
    Agreement agreement;
    Session session;
    try {
      agreement = agreement(request, machine.get(), now);
      session =
          new Session(
              request.sessionId(),
              agreement.agreementId(),
              request.customerAccountId(),
              request.customerPublicKey(),
              List.of(
                  OpenSshKeys.authorizedKey(
                      request.customerPublicKey(), request.customerAccountId())),
              new Limits(request.requested().cpuCores(), request.requested().memoryMiB()),
              Optional.empty(),
              Optional.empty(),
              request.duration().map(now::plus));
    } catch (IllegalArgumentException e) {
      return refused(request, new Refused(RefusalReason.INVALID_REQUEST, e.getMessage()));
    }
    SignedEnvelope envelope = SignedEnvelope.sign(Agreement.TYPE, agreement, hostKey);
    Session signed = session.withAgreement(envelope);
    Optional<MachineRecord> claimed =
        store.claim(request.machineId(), record.get().version(), signed);
    if (claimed.isEmpty()) {
      return refused(
          request,
          new Refused(
              RefusalReason.MACHINE_TAKEN,
              "machine " + request.machineId() + " was claimed by a concurrent admission"));
    }
    return new Admitted(agreement, envelope, claimed.get());
  }

  private Agreement agreement(AdmissionRequest request, InventoryMachine machine, Instant now) {
    PriceList list = machine.prices();
    LeaseEnd end =
        request
            .duration()
            .<LeaseEnd>map(d -> new LeaseEnd.Fixed(now.plus(d)))
            .orElseGet(LeaseEnd.OpenEnded::new);
    return new Agreement(
        Agreement.VERSION,
        "agr-" + UUID.randomUUID(),
        request.sessionId(),
        hostKey.publicKey().fingerprint(),
        request.machineId(),
        request.customerAccountId(),
        request.customerPublicKey(),
        request.purchaseOrderId(),
        request.requested(),
        new PriceList(list.currency(), request.offeredPerHour(), list.perUnit()),
        now,
        end,
        request.termsVersion());
  }

  private Refused refused(AdmissionRequest request, Refused refusal) {
    audit.record(
        "admission-refused",
        request.machineId(),
        Map.of(
            "reason", refusal.reason().code(),
            "detail", refusal.detail(),
            "session", request.sessionId(),
            "customer", request.customerAccountId()));
    return refusal;
  }
}
