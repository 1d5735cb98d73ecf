package io.xenia.hostdaemon.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.xenia.hostdaemon.TestSessions;
import io.xenia.hostdaemon.admission.AdmissionDecision;
import io.xenia.hostdaemon.admission.AdmissionRequest;
import io.xenia.hostdaemon.audit.AuditVerifier;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.Driver;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.fake.FakeClock;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.driver.pxe.BootFiles;
import io.xenia.hostdaemon.driver.qemu.QemuDriver;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.hostdaemon.inventory.InventoryLoader;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.machine.Session;
import io.xenia.hostdaemon.metering.SpooledRecord;
import io.xenia.hostdaemon.metering.UsageSampler;
import io.xenia.hostdaemon.metering.UsageSpool;
import io.xenia.hostdaemon.session.ModificationDecision.Modified;
import io.xenia.hostdaemon.session.ModificationDecision.Refused;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.Resources;
import io.xenia.protocol.records.UsageRecord;
import io.xenia.protocol.records.WipeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modifying running sessions through the daemon core ({@link HostDaemon#modify}) over real files,
 * with the fake driver and a fake clock: the amended agreement, the lease end the reconciler
 * enforces, resizes applied and re-applied after a restart, refusals, a race with terminate, and
 * the meter's cut at the change.
 */
class SessionModifierTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private static final Instant WINDOW = T0.plus(Duration.ofHours(10)); // maintenance, 2 h

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(T0);
  private final FakeDriver fake = new FakeDriver(clock);
  private final Ed25519KeyPair hostKey = Ed25519KeyPair.generate(new SecureRandom());

  private Inventory inventory() {
    String yaml =
        "daemon:\n  dataDir: "
            + dir.resolve("state")
            + "\n  reconcileIntervalMs: 20\n"
            + "  policy:\n    maintenanceWindows:\n      - start: "
            + WINDOW
            + "\n        end: "
            + WINDOW.plus(Duration.ofHours(2))
            + "\n"
            + "defaults:\n  driver: fake\n  location: {region: eu-west-1}\n"
            + "  prices: {currency: EUR, perHour: 0.40}\n"
            + "machines:\n";
    for (int i = 1; i <= 3; i++) {
      yaml +=
          "  - id: m"
              + i
              + "\n    facts: {cpuCores: 4, memoryMiB: 4096, diskGiB: 10, networkMbps: 1000}\n";
    }
    return InventoryLoader.parse(yaml, "inventory.yaml", dir);
  }

  private HostDaemon start(Driver driver) throws Exception {
    return HostDaemon.start(inventory(), Drivers.of(driver), hostKey, clock);
  }

  private static MachineSpec spec(HostDaemon d, String machine) {
    return d.inventory().machine(machine).orElseThrow().spec();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Admits a session of 2 cores and 1 GiB for {@code lease} (empty: open-ended), claimed. */
  private static Agreement admit(HostDaemon d, String machine, String session, Duration lease) {
    var decision =
        d.admission()
            .admit(
                new AdmissionRequest(
                    machine,
                    new Resources(2, 1024, 10, 1000, 0, ""),
                    Money.parse("EUR", "0.40"),
                    Optional.ofNullable(lease),
                    "acct-1",
                    TestSessions.CUSTOMER.publicKey(),
                    session,
                    "po-1",
                    "2026-11-01"));
    return assertInstanceOf(AdmissionDecision.Admitted.class, decision).agreement();
  }

  /** Admits and provisions; returns the admitted agreement once the machine runs. */
  private static Agreement running(HostDaemon d, String machine, String session, Duration lease)
      throws InterruptedException {
    Agreement a = admit(d, machine, session, lease);
    d.provision(machine, session, Optional.empty(), List.of());
    await(machine + " running", () -> d.store().require(machine).state() == MachineState.RUNNING);
    return a;
  }

  private static SessionChange change(Instant end, Integer cpus, Long mib) {
    return new SessionChange(
        Optional.ofNullable(end), Optional.ofNullable(cpus), Optional.ofNullable(mib));
  }

  private static Modified modified(ModificationDecision d) {
    if (d instanceof Refused r) {
      fail("refused: " + r.reason().code() + ": " + r.detail());
    }
    return (Modified) d;
  }

  private static Refused refused(ModificationRefusal reason, ModificationDecision d) {
    Refused r = assertInstanceOf(Refused.class, d, String.valueOf(d));
    assertEquals(reason, r.reason(), r.detail());
    return r;
  }

  private List<String> audit() throws Exception {
    return Files.readAllLines(dir.resolve("state").resolve("audit.log"));
  }

  @Test
  void anExtendedLeaseIsEnforcedAtItsNewEndUnderAnAmendedSignedAgreement() throws Exception {
    try (HostDaemon d = start(fake)) {
      Agreement admitted = running(d, "m1", "s1", Duration.ofHours(1));
      clock.advance(Duration.ofMinutes(10));
      Instant changedAt = clock.instant();
      Instant newEnd = T0.plus(Duration.ofHours(3));
      Modified m = modified(d.modify("m1", "s1", change(newEnd, null, null)));

      Agreement a = m.agreement();
      assertNotEquals(admitted.agreementId(), a.agreementId());
      assertTrue(a.agreementId().startsWith("agr-"), a.agreementId());
      assertEquals("s1", a.sessionId());
      assertEquals(admitted.purchaseOrderId(), a.purchaseOrderId());
      assertEquals(admitted.prices(), a.prices());
      assertEquals(admitted.resources(), a.resources()); // a lease-only change
      assertEquals(changedAt, a.notBefore());
      assertEquals(new LeaseEnd.Fixed(newEnd), a.end());
      var signed = m.envelope().open(Agreement.TYPE);
      signed.requireSignedBy(hostKey.publicKey());
      assertEquals(a, signed.record());

      Session stored = d.store().require("m1").requireSession();
      assertEquals(a.agreementId(), stored.agreementId());
      assertEquals(Optional.of(newEnd), stored.notAfter());
      assertEquals(Optional.of(m.envelope()), stored.agreement());
      assertTrue(
          audit().stream()
              .anyMatch(
                  l ->
                      l.contains("\"action\":\"session-modified\"")
                          && l.contains("\"oldAgreement\":\"" + admitted.agreementId() + "\"")
                          && l.contains("\"newAgreement\":\"" + a.agreementId() + "\"")
                          && l.contains("\"leaseEnd\":\"" + newEnd + "\"")),
          "audit names the change");

      clock.advance(Duration.ofMinutes(55)); // past the old end (T0 + 1 h)
      d.reconciler().reconcileOnce();
      assertEquals(MachineState.RUNNING, d.store().require("m1").state());
      clock.advance(Duration.ofHours(2)); // T0 + 3 h 5 min: past the new end
      await(
          "the lease end at the new end",
          () -> d.store().require("m1").state() != MachineState.RUNNING);
      MachineRecord after = d.store().require("m1");
      assertTrue(
          after.state() == MachineState.RELEASING || after.state() == MachineState.READY,
          after.toString());
      await("wiped", () -> d.store().require("m1").state() == MachineState.READY);
      var wipe = WipeRecord.open(d.store().require("m1").lastWipe().orElseThrow()).record();
      assertEquals(a.agreementId(), wipe.agreementId()); // the agreement in force at the end
    }
    assertTrue(AuditVerifier.verify(dir.resolve("state").resolve("audit.log")).ok());
  }

  @Test
  void aResizeIsAppliedAndAfterARestartReappliedFromTheStore() throws Exception {
    try (HostDaemon d = start(fake)) {
      running(d, "m1", "s1", Duration.ofHours(1));
      assertEquals(Optional.of(new Limits(2, 1024)), fake.limits("m1"));
      Modified m = modified(d.modify("m1", "s1", change(null, 3, 3072L)));
      assertEquals(new Resources(3, 3072, 10, 1000, 0, ""), m.agreement().resources());
      assertEquals(Optional.of(new Limits(3, 3072)), fake.limits("m1"));
      assertEquals(new Limits(3, 3072), d.store().require("m1").requireSession().limits());
      // Only memory: CPU stays as amended.
      modified(d.modify("m1", "s1", change(null, null, 2048L)));
      assertEquals(Optional.of(new Limits(3, 2048)), fake.limits("m1"));
      // Asking for what is agreed already changes nothing: no new agreement, no write.
      MachineRecord agreed = d.store().require("m1");
      Modified same = modified(d.modify("m1", "s1", change(null, 3, 2048L)));
      assertEquals(agreed.requireSession().agreementId(), same.agreement().agreementId());
      assertEquals(agreed.version(), d.store().require("m1").version());
    }
    // As if the daemon had died between storing the change and resizing: the machine still has
    // older limits. The restarted daemon's reconciler applies the stored ones.
    fake.resize(inventory().machine("m1").orElseThrow().spec(), new Limits(2, 1024));
    int before = fake.calls("m1", FakeDriver.Call.RESIZE);
    try (HostDaemon d = start(fake)) {
      await("limits re-applied", () -> fake.limits("m1").equals(Optional.of(new Limits(3, 2048))));
      assertEquals(MachineState.RUNNING, d.store().require("m1").state());
      Thread.sleep(100); // more passes: once per agreement, not every pass
      assertEquals(before + 1, fake.calls("m1", FakeDriver.Call.RESIZE));
    }
  }

  @Test
  void aDriverThatCannotResizeRefusesButTheLeaseMayStillChange() throws Exception {
    try (HostDaemon d = start(new DelegatingDriver(fake))) {
      Agreement admitted = running(d, "m1", "s1", Duration.ofHours(1));
      long version = d.store().require("m1").version();
      Refused r =
          refused(ModificationRefusal.UNSUPPORTED, d.modify("m1", "s1", change(null, 4, null)));
      assertTrue(r.detail().contains("cannot be resized"), r.detail());
      assertEquals(version, d.store().require("m1").version()); // nothing stored
      assertEquals(admitted.agreementId(), d.store().require("m1").requireSession().agreementId());
      assertEquals(Optional.of(new Limits(2, 1024)), fake.limits("m1"));

      Modified m = modified(d.modify("m1", "s1", change(T0.plus(Duration.ofHours(2)), null, null)));
      assertEquals(
          m.agreement().agreementId(), d.store().require("m1").requireSession().agreementId());
      assertTrue(
          audit().stream()
              .anyMatch(
                  l ->
                      l.contains("\"action\":\"session-modify-refused\"")
                          && l.contains("\"reason\":\"unsupported\"")));
    }
  }

  @Test
  void aDaemonThatDiesBetweenStoringTheChangeAndResizingConvergesOnRestart() throws Exception {
    Driver dying =
        new DelegatingDriver(fake) {
          @Override
          public void resize(MachineSpec machine, Limits limits) throws DriverException {
            if (limits.cpuCores() == 4) {
              throw new FakeDriver.SimulatedCrash("daemon died before resizing " + machine.id());
            }
            fake.resize(machine, limits);
          }
        };
    String amended;
    try (HostDaemon d = start(dying)) {
      running(d, "m1", "s1", Duration.ofHours(1));
      try {
        d.modify("m1", "s1", change(null, 4, 4096L));
        fail("the simulated crash should have ended the call");
      } catch (FakeDriver.SimulatedCrash expected) {
        // the process "died" here: the change is stored, the machine not resized
      }
      amended = d.store().require("m1").requireSession().agreementId();
      assertEquals(Optional.of(new Limits(2, 1024)), fake.limits("m1"));
    }
    try (HostDaemon d = start(fake)) {
      await(
          "stored limits applied",
          () -> fake.limits("m1").equals(Optional.of(new Limits(4, 4096))));
      Session s = d.store().require("m1").requireSession();
      assertEquals(amended, s.agreementId());
      assertEquals(new Limits(4, 4096), s.limits());
      assertEquals(MachineState.RUNNING, d.store().require("m1").state());
    }
  }

  @Test
  void theQemuDriversRefusalBecomesTheUnsupportedRefusal() throws Exception {
    // The real qemu driver's resize (no VM needed: it refuses before touching anything).
    try (QemuDriver qemu =
        new QemuDriver(
            dir.resolve("qemu"),
            new BootFiles(dir.resolve("k"), dir.resolve("i"), dir.resolve("d")))) {
      Driver qemuResize =
          new DelegatingDriver(fake) {
            @Override
            public void resize(MachineSpec machine, Limits limits) throws DriverException {
              qemu.resize(machine, limits);
            }
          };
      try (HostDaemon d = start(qemuResize)) {
        running(d, "m1", "s1", Duration.ofHours(1));
        Refused r =
            refused(ModificationRefusal.UNSUPPORTED, d.modify("m1", "s1", change(null, 1, null)));
        assertEquals("qemu machines cannot be resized while running", r.detail());
      }
    }
  }

  @Test
  void aResizeTheDriverFailsPutsTheOldAgreementBack() throws Exception {
    Driver failing =
        new DelegatingDriver(fake) {
          @Override
          public void resize(MachineSpec machine, Limits limits) throws DriverException {
            if (limits.memoryMiB() == 3000) {
              fake.resize(machine, new Limits(limits.cpuCores(), 1024)); // half done
              throw new DriverException(DriverException.Kind.FAILED, "memory.max: busy");
            }
            fake.resize(machine, limits);
          }
        };
    try (HostDaemon d = start(failing)) {
      Agreement admitted = running(d, "m1", "s1", Duration.ofHours(1));
      Refused r =
          refused(ModificationRefusal.RESIZE_FAILED, d.modify("m1", "s1", change(null, 4, 3000L)));
      assertTrue(r.detail().contains("memory.max: busy"), r.detail());
      Session s = d.store().require("m1").requireSession();
      assertEquals(admitted.agreementId(), s.agreementId());
      assertEquals(new Limits(2, 1024), s.limits());
      assertEquals(Optional.of(new Limits(2, 1024)), fake.limits("m1")); // re-applied
      assertTrue(
          audit().stream().anyMatch(l -> l.contains("\"action\":\"session-modify-rolled-back\"")));
    }
  }

  @Test
  void refusalsNameTheStateOrTheRuleAndChangeNothing() throws Exception {
    try (HostDaemon d = start(fake)) {
      admit(d, "m2", "s-claimed", Duration.ofHours(1));
      Refused r =
          refused(
              ModificationRefusal.SESSION_NOT_RUNNING,
              d.modify("m2", "s-claimed", change(null, 1, null)));
      assertTrue(r.detail().contains("claimed"), r.detail());

      running(d, "m1", "s1", Duration.ofHours(1));
      long version = d.store().require("m1").version();
      refused(
          ModificationRefusal.RESOURCES_DO_NOT_FIT, d.modify("m1", "s1", change(null, 5, null)));
      refused(
          ModificationRefusal.MAINTENANCE_WINDOW,
          d.modify("m1", "s1", change(WINDOW.plusSeconds(1), null, null)));
      refused(
          ModificationRefusal.LEASE_END_INVALID,
          d.modify("m1", "s1", change(T0.minusSeconds(1), null, null)));
      refused(
          ModificationRefusal.SESSION_CHANGED, d.modify("m1", "s-other", change(null, 1, null)));
      assertEquals(version, d.store().require("m1").version());
    }
  }

  @Test
  void modifyRacingTerminateEndsWithOneWholeAgreementNeverAHalf() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int modifiedFirst = 0;
    int terminatedFirst = 0;
    try (HostDaemon d = start(fake)) {
      for (int round = 0; round < 12; round++) {
        String session = "s-race-" + round;
        String machine = "m" + (1 + round % 3);
        await(machine + " ready", () -> d.store().require(machine).state() == MachineState.READY);
        Agreement admitted = running(d, machine, session, Duration.ofHours(1));
        CountDownLatch go = new CountDownLatch(1);
        int cpus = 1 + round % 4;
        // Tight races in most rounds; a head start for modify in some, so both orders occur.
        long terminateDelayMillis = new long[] {0, 0, 1, 30}[round % 4];
        Future<ModificationDecision> modify =
            pool.submit(
                () -> {
                  go.await();
                  return d.modify(
                      machine, session, change(T0.plus(Duration.ofHours(2)), cpus, 2048L));
                });
        Future<MachineRecord> terminate =
            pool.submit(
                () -> {
                  go.await();
                  Thread.sleep(terminateDelayMillis);
                  return d.terminate(machine, session, "race");
                });
        go.countDown();
        ModificationDecision decision = modify.get(10, TimeUnit.SECONDS);
        terminate.get(10, TimeUnit.SECONDS); // never lost to the race
        String expectedAgreement;
        if (decision instanceof Modified m) {
          modifiedFirst++;
          expectedAgreement = m.agreement().agreementId();
        } else {
          terminatedFirst++;
          Refused r = (Refused) decision;
          assertTrue(
              r.reason() == ModificationRefusal.SESSION_NOT_RUNNING
                  || r.reason() == ModificationRefusal.SESSION_CHANGED,
              r.reason() + ": " + r.detail());
          expectedAgreement = admitted.agreementId();
        }
        MachineRecord now = d.store().require(machine);
        if (now.serves(session)) {
          Session s = now.requireSession();
          Agreement stored = Agreement.fromCanonical(s.agreement().orElseThrow().bodyValue());
          // Whole: the session's id, limits and end are those of the agreement it carries.
          assertEquals(expectedAgreement, s.agreementId());
          assertEquals(stored.agreementId(), s.agreementId());
          assertEquals(stored.resources().cpuCores(), s.limits().cpuCores());
          assertEquals(stored.resources().memoryMiB(), s.limits().memoryMiB());
          assertEquals(ModificationRules.end(stored), s.notAfter());
        }
        await(machine + " wiped", () -> d.store().require(machine).state() == MachineState.READY);
        var wipe = WipeRecord.open(d.store().require(machine).lastWipe().orElseThrow()).record();
        assertEquals(session, wipe.sessionId());
        assertEquals(expectedAgreement, wipe.agreementId());
        assertEquals(Optional.empty(), fake.limits(machine)); // wiped, nothing left
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println(
        "SessionModifierTest race: modify first "
            + modifiedFirst
            + ", terminate first "
            + terminatedFirst);
    assertTrue(modifiedFirst > 0 && terminatedFirst > 0, "both orders occurred");
    assertTrue(AuditVerifier.verify(dir.resolve("state").resolve("audit.log")).ok());
  }

  @Test
  void theMeterCutsTheSessionAtTheChangeUnderTheOldAgreement() throws Exception {
    UsageSpool spool = UsageSpool.open(dir.resolve("spool"));
    try (HostDaemon d = start(fake)) {
      UsageSampler sampler =
          new UsageSampler(
              spool, d.store()::all, id -> fake.usage(spec(d, id)), hostKey, clock, () -> {});
      d.store().addListener(sampler);
      Agreement admitted = running(d, "m1", "s1", Duration.ofHours(1));
      Instant since = d.store().require("m1").since();
      clock.advance(Duration.ofSeconds(10));
      fake.setUsage("m1", new UsageCounters(4_000_000_000L, 1L << 30, 100, 200));
      assertEquals(1, sampler.sampleOnce());
      clock.advance(Duration.ofSeconds(5));
      fake.setUsage("m1", new UsageCounters(6_000_000_000L, 1L << 30, 150, 300));
      Modified m = modified(d.modify("m1", "s1", change(null, 4, null)));
      clock.advance(Duration.ofSeconds(7));
      fake.setUsage("m1", new UsageCounters(9_000_000_000L, 1L << 30, 160, 310));
      assertEquals(1, sampler.sampleOnce());
      sampler.close();

      List<UsageRecord> records =
          spool.pending().get("s1").stream()
              .map(SpooledRecord::envelope)
              .map(e -> UsageRecord.open(e).record())
              .toList();
      assertEquals(3, records.size(), records::toString);
      UsageRecord first = records.get(0);
      UsageRecord boundary = records.get(1);
      UsageRecord after = records.get(2);
      assertEquals(List.of(1L, 2L, 3L), records.stream().map(UsageRecord::sequence).toList());
      assertEquals(since, first.intervalStart());
      assertEquals(admitted.agreementId(), first.agreementId());
      assertEquals(admitted.agreementId(), boundary.agreementId());
      assertEquals(first.intervalEnd(), boundary.intervalStart());
      assertEquals(m.agreement().notBefore(), boundary.intervalEnd()); // cut at the change
      assertEquals(2, boundary.quantities().cpuSeconds());
      assertEquals(m.agreement().agreementId(), after.agreementId());
      assertEquals(boundary.intervalEnd(), after.intervalStart());
      assertEquals(7, after.quantities().machineSeconds());
      assertEquals(3, after.quantities().cpuSeconds());
    }
  }

  @Test
  void aMeterThatMissedTheChangeCutsAtItWhenItResumes() throws Exception {
    Path spoolDir = dir.resolve("spool");
    try (HostDaemon d = start(fake)) {
      Agreement admitted = running(d, "m1", "s1", Duration.ofHours(1));
      UsageSampler first =
          new UsageSampler(
              UsageSpool.open(spoolDir),
              d.store()::all,
              id -> fake.usage(spec(d, id)),
              hostKey,
              clock,
              () -> {});
      clock.advance(Duration.ofSeconds(10));
      assertEquals(1, first.sampleOnce());
      first.close(); // "killed": it does not hear of the change
      clock.advance(Duration.ofSeconds(4));
      Modified m = modified(d.modify("m1", "s1", change(null, 1, null)));
      clock.advance(Duration.ofSeconds(6));

      UsageSpool spool = UsageSpool.open(spoolDir);
      UsageSampler resumed =
          new UsageSampler(
              spool, d.store()::all, id -> fake.usage(spec(d, id)), hostKey, clock, () -> {});
      assertEquals(2, resumed.sampleOnce());
      resumed.close();
      List<UsageRecord> records =
          spool.pending().get("s1").stream()
              .map(SpooledRecord::envelope)
              .map(e -> UsageRecord.open(e).record())
              .toList();
      assertEquals(3, records.size(), records::toString);
      assertEquals(admitted.agreementId(), records.get(1).agreementId());
      assertEquals(m.agreement().notBefore(), records.get(1).intervalEnd());
      assertEquals(4, records.get(1).quantities().machineSeconds());
      assertEquals(m.agreement().agreementId(), records.get(2).agreementId());
      assertEquals(6, records.get(2).quantities().machineSeconds());
    }
  }
}
