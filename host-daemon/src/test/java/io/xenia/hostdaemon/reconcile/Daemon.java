package io.xenia.hostdaemon.reconcile;

import io.xenia.hostdaemon.TestMachines;
import io.xenia.hostdaemon.TestSessions;
import io.xenia.hostdaemon.admission.Admission;
import io.xenia.hostdaemon.admission.AdmissionDecision;
import io.xenia.hostdaemon.admission.AdmissionRequest;
import io.xenia.hostdaemon.admission.OperatorPolicy;
import io.xenia.hostdaemon.audit.AuditLog;
import io.xenia.hostdaemon.commission.Commissioner;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.driver.fake.FakeClock;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.images.ImageException;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.store.MachineStore;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The daemon core over real files in a directory, driving a {@link FakeDriver} that outlives it:
 * {@link #crash()} drops every object without an orderly stop, as kill -9 would, and a new {@code
 * Daemon} on the same directory and driver is the restarted process.
 */
final class Daemon implements AutoCloseable {
  final AuditLog audit;
  final MachineStore store;
  final Provisioner provisioner;
  final Reconciler reconciler;
  final Admission admission;
  final List<InventoryMachine> machines;

  Daemon(
      Path dir,
      FakeDriver driver,
      FakeClock clock,
      Ed25519KeyPair hostKey,
      RecoveryPolicy recovery,
      List<InventoryMachine> machines) {
    this.machines = machines;
    audit = AuditLog.open(dir.resolve("audit.log"), clock);
    store = MachineStore.open(dir.resolve("machines"), audit, clock);
    Drivers drivers = Drivers.of(driver);
    new Commissioner(store, drivers, audit)
        .commissionAll(machines.stream().map(InventoryMachine::spec).toList());
    provisioner =
        new Provisioner(
            store,
            drivers,
            ref -> {
              throw new ImageException(ImageException.Kind.IO, "no images in this test");
            },
            hostKey,
            clock,
            audit);
    reconciler =
        new Reconciler(
            store,
            drivers,
            id ->
                machines.stream()
                    .filter(m -> m.id().equals(id))
                    .findFirst()
                    .map(InventoryMachine::spec),
            provisioner,
            recovery,
            Duration.ofMinutes(10),
            clock,
            audit,
            4);
    admission =
        new Admission(
            id -> machines.stream().filter(m -> m.id().equals(id)).findFirst(),
            OperatorPolicy.open(),
            store,
            hostKey,
            clock,
            audit);
  }

  static List<InventoryMachine> machines(int n) {
    return java.util.stream.IntStream.range(1, n + 1)
        .mapToObj(i -> TestMachines.machine("m" + i))
        .toList();
  }

  /** Admits and starts provisioning {@code session} on {@code machine}. */
  MachineRecord lease(String machine, String session, Optional<Duration> duration) {
    AdmissionDecision d =
        admission.admit(
            new AdmissionRequest(
                machine,
                TestMachines.TOTAL,
                Money.parse("EUR", "0.40"),
                duration,
                "acct-1",
                TestSessions.CUSTOMER.publicKey(),
                session,
                "po-1",
                "2026-11-01"));
    if (!(d instanceof AdmissionDecision.Admitted)) {
      throw new AssertionError("not admitted: " + d);
    }
    return provisioner.startProvisioning(machine, session, Optional.empty(), List.of());
  }

  MachineRecord record(String machine) {
    return store.require(machine);
  }

  /** Like kill -9: nothing is flushed or finished; only the file handles go. */
  void crash() {
    reconciler.close();
    store.close();
    audit.close();
  }

  @Override
  public void close() {
    crash();
  }
}
