package io.xenia.hostdaemon.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.audit.AuditVerifier;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.fake.FakeClock;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.driver.fake.FakeDriver.Call;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.WipeRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerTest {
  @TempDir Path dir;
  final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T12:00:00Z"));
  final FakeDriver driver = new FakeDriver(clock);
  final Ed25519KeyPair hostKey = Ed25519KeyPair.generate(new SecureRandom());

  Daemon start(RecoveryPolicy recovery, int machines) {
    return new Daemon(dir, driver, clock, hostKey, recovery, Daemon.machines(machines));
  }

  Daemon start() {
    return start(RecoveryPolicy.defaults(), 1);
  }

  static RecoveryPolicy policy(RecoveryAction lost, RecoveryAction unreachable, int maxAttempts) {
    Map<FailureKind, RecoveryAction> a = new EnumMap<>(RecoveryPolicy.defaults().actions());
    a.put(FailureKind.DEPLOYMENT_LOST, lost);
    a.put(FailureKind.UNREACHABLE, unreachable);
    return new RecoveryPolicy(a, maxAttempts, Duration.ofSeconds(10), Duration.ofSeconds(40));
  }

  @Test
  void aSessionRunsThenIsWipedWithASignedRecord() throws Exception {
    try (Daemon d = start()) {
      d.lease("m1", "s1", Optional.empty());
      d.reconciler.reconcileOnce();
      MachineRecord running = d.record("m1");
      assertEquals(MachineState.RUNNING, running.state());
      assertTrue(running.endpoint().isPresent());
      assertEquals(Optional.of("s1"), driver.deployed("m1"));

      d.provisioner.release("m1", "s1", "customer");
      d.reconciler.reconcileOnce();
      MachineRecord ready = d.record("m1");
      assertEquals(MachineState.READY, ready.state());
      assertEquals(Optional.empty(), driver.deployed("m1"));
      WipeRecord wipe = WipeRecord.open(ready.lastWipe().orElseThrow()).record();
      assertEquals("s1", wipe.sessionId());
      assertEquals(hostKey.publicKey().fingerprint(), wipe.hostId());
      assertEquals(1L << 20, wipe.bytesErased());
      assertEquals(ready, d.provisioner.release("m1", "s1", "again"), "release is idempotent");
    }
    AuditVerifier.Result audit = AuditVerifier.verify(dir.resolve("audit.log"));
    assertTrue(audit.ok(), audit.toString());
    String log = Files.readString(dir.resolve("audit.log"));
    for (String t :
        List.of(
            "\"from\":\"ready\",\"session\":\"s1\",\"to\":\"claimed\"",
            "\"from\":\"claimed\",\"session\":\"s1\",\"to\":\"provisioning\"",
            "\"from\":\"provisioning\",\"session\":\"s1\",\"to\":\"running\"",
            "\"from\":\"running\",\"reason\":\"customer\",\"session\":\"s1\",\"to\":\"releasing\"",
            "\"from\":\"releasing\",\"session\":\"s1\",\"to\":\"ready\"")) {
      assertTrue(log.contains(t), t);
    }
    assertTrue(log.contains("\"action\":\"deploy-started\""));
    assertTrue(log.contains("\"action\":\"wipe-started\""));
  }

  @Test
  void aDaemonKilledMidDeployRedoesTheDeployAfterRestart() {
    Daemon d = start();
    d.lease("m1", "s1", Optional.empty());
    driver.crashDuring("m1", Call.DEPLOY);
    d.reconciler.reconcileOnce(); // dies half way: marker on the machine, state still provisioning
    d.crash();
    assertEquals(Optional.of("s1"), driver.deployed("m1"));

    try (Daemon restarted = start()) {
      assertEquals(MachineState.PROVISIONING, restarted.record("m1").state());
      restarted.reconciler.reconcileOnce();
      assertEquals(MachineState.RUNNING, restarted.record("m1").state());
      assertEquals(2, driver.calls("m1", Call.DEPLOY));
    }
  }

  @Test
  void aDaemonKilledMidWipeWipesAgainAfterRestart() {
    Daemon d = start();
    d.lease("m1", "s1", Optional.empty());
    d.reconciler.reconcileOnce();
    d.provisioner.release("m1", "s1", "customer");
    driver.crashDuring("m1", Call.WIPE);
    d.reconciler.reconcileOnce();
    d.crash();

    try (Daemon restarted = start()) {
      assertEquals(MachineState.RELEASING, restarted.record("m1").state());
      restarted.reconciler.reconcileOnce();
      assertEquals(MachineState.READY, restarted.record("m1").state());
      assertEquals(Optional.empty(), driver.deployed("m1"));
      assertTrue(restarted.record("m1").lastWipe().isPresent());
    }
  }

  @Test
  void aMachineKilledBehindTheDaemonsBackIsReprovisioned() {
    try (Daemon d = start()) {
      d.lease("m1", "s1", Optional.empty());
      d.reconciler.reconcileOnce();
      driver.killBehindBack("m1");
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.PROVISIONING, d.record("m1").state());
      assertTrue(d.record("m1").reason().orElseThrow().contains("powered off"));
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.RUNNING, d.record("m1").state());
      assertEquals(2, driver.calls("m1", Call.DEPLOY));
    }
  }

  @Test
  void anEndpointThatMissesAProbeIsLeftAloneUntilTheMissIsConfirmed() {
    try (Daemon d = start()) {
      d.lease("m1", "s1", Optional.empty());
      d.reconciler.reconcileOnce();
      // Missed probes that answer again in time: nothing happens to the session.
      driver.answering("m1", false);
      d.reconciler.reconcileOnce();
      clock.advance(Duration.ofSeconds(10));
      d.reconciler.reconcileOnce();
      driver.answering("m1", true);
      d.reconciler.reconcileOnce();
      driver.answering("m1", false);
      clock.advance(Duration.ofSeconds(10));
      d.reconciler.reconcileOnce();
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.RUNNING, d.record("m1").state());
      assertEquals(1, driver.calls("m1", Call.DEPLOY));
      // Three passes in a row over 5 s: the deployment counts as lost and is reprovisioned.
      clock.advance(Reconciler.UNANSWERED_GRACE);
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.PROVISIONING, d.record("m1").state());
      assertTrue(d.record("m1").reason().orElseThrow().contains("does not answer"));
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.RUNNING, d.record("m1").state());
      assertEquals(2, driver.calls("m1", Call.DEPLOY));
    }
  }

  @Test
  void whenTheOperatorSaysFailALostDeploymentFailsTheMachine() {
    try (Daemon d = start(policy(RecoveryAction.FAIL, RecoveryAction.RETRY, 5), 1)) {
      d.lease("m1", "s1", Optional.empty());
      d.reconciler.reconcileOnce();
      driver.killBehindBack("m1");
      d.reconciler.reconcileOnce();
      MachineRecord failed = d.record("m1");
      assertEquals(MachineState.FAILED, failed.state());
      assertEquals("deployment_lost: the machine is powered off", failed.reason().orElseThrow());
      assertTrue(failed.serves("s1"), "the operator sees whose session it was");
      // The operator (or the API) releases it: wiped and ready again.
      d.provisioner.release("m1", "s1", "operator");
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.READY, d.record("m1").state());
    }
  }

  @Test
  void unreachableDeploysAreRetriedWithBackoffThenSucceed() {
    try (Daemon d = start(policy(RecoveryAction.REPROVISION, RecoveryAction.RETRY, 5), 1)) {
      d.lease("m1", "s1", Optional.empty());
      driver.failNext("m1", Call.DEPLOY, DriverException.Kind.UNREACHABLE, 2);
      d.reconciler.reconcileOnce();
      assertEquals(1, driver.calls("m1", Call.DEPLOY));
      d.reconciler.reconcileOnce(); // within the 10 s backoff: no attempt
      assertEquals(1, driver.calls("m1", Call.DEPLOY));
      clock.advance(Duration.ofSeconds(10));
      d.reconciler.reconcileOnce(); // second failure: backoff now 20 s
      assertEquals(2, driver.calls("m1", Call.DEPLOY));
      clock.advance(Duration.ofSeconds(10));
      d.reconciler.reconcileOnce();
      assertEquals(2, driver.calls("m1", Call.DEPLOY));
      clock.advance(Duration.ofSeconds(10));
      d.reconciler.reconcileOnce();
      assertEquals(3, driver.calls("m1", Call.DEPLOY));
      assertEquals(MachineState.RUNNING, d.record("m1").state());
    }
  }

  @Test
  void retriesStopAtTheAttemptLimit() {
    try (Daemon d = start(policy(RecoveryAction.REPROVISION, RecoveryAction.RETRY, 3), 1)) {
      d.lease("m1", "s1", Optional.empty());
      driver.failNext("m1", Call.DEPLOY, DriverException.Kind.UNREACHABLE, 10);
      for (int i = 0; i < 5; i++) {
        d.reconciler.reconcileOnce();
        clock.advance(Duration.ofMinutes(1));
      }
      assertEquals(3, driver.calls("m1", Call.DEPLOY));
      MachineRecord r = d.record("m1");
      assertEquals(MachineState.FAILED, r.state());
      assertTrue(r.reason().orElseThrow().startsWith("unreachable after 3 attempts: deploy:"));
    }
  }

  @Test
  void aRefusingDriverFailsTheMachineAtOnceByDefault() {
    try (Daemon d = start()) {
      d.lease("m1", "s1", Optional.empty());
      driver.failNext("m1", Call.DEPLOY, DriverException.Kind.FAILED, 1);
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.FAILED, d.record("m1").state());
    }
  }

  @Test
  void leftoversFoundOnAReadyMachineAreWiped() {
    try (Daemon d = start()) {
      driver.leaveDeployment("m1", "ghost");
      d.reconciler.reconcileOnce();
      assertEquals(Optional.empty(), driver.deployed("m1"));
      assertEquals(MachineState.READY, d.record("m1").state());
    }
  }

  @Test
  void staleLeftoversAfterARebootAreWipedAtCommissioning() {
    Daemon d = start();
    d.crash();
    driver.leaveDeployment("m1", "ghost");
    try (Daemon restarted = start()) {
      assertEquals(Optional.empty(), driver.deployed("m1"));
      assertEquals(1, driver.calls("m1", Call.WIPE));
      assertEquals(MachineState.READY, restarted.record("m1").state());
    }
  }

  @Test
  void theLeaseEndReleasesAndWipes() {
    try (Daemon d = start()) {
      d.lease("m1", "s1", Optional.of(Duration.ofHours(1)));
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.RUNNING, d.record("m1").state());
      clock.advance(Duration.ofHours(1));
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.RELEASING, d.record("m1").state());
      assertEquals(Optional.of("lease-ended"), d.record("m1").reason());
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.READY, d.record("m1").state());
    }
  }

  @Test
  void aClaimWithoutProvisionRequestTimesOut() {
    try (Daemon d = start(RecoveryPolicy.defaults(), 2)) {
      var decision =
          d.admission.admit(
              new io.xenia.hostdaemon.admission.AdmissionRequest(
                  "m2",
                  io.xenia.hostdaemon.TestMachines.TOTAL,
                  io.xenia.protocol.money.Money.parse("EUR", "0.40"),
                  Optional.empty(),
                  "acct-1",
                  io.xenia.hostdaemon.TestSessions.CUSTOMER.publicKey(),
                  "s2",
                  "po",
                  "t"));
      assertTrue(decision instanceof io.xenia.hostdaemon.admission.AdmissionDecision.Admitted);
      clock.advance(Duration.ofMinutes(9));
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.CLAIMED, d.record("m2").state());
      clock.advance(Duration.ofMinutes(1));
      d.reconciler.reconcileOnce();
      assertEquals(Optional.of("claim-timeout"), d.record("m2").reason());
      d.reconciler.reconcileOnce();
      assertEquals(MachineState.READY, d.record("m2").state());
    }
  }

  @Test
  void twentyMachinesProvisionInOnePass() {
    try (Daemon d = start(RecoveryPolicy.defaults(), 20)) {
      for (int i = 1; i <= 20; i++) {
        d.lease("m" + i, "s" + i, Optional.empty());
      }
      d.reconciler.reconcileOnce();
      for (int i = 1; i <= 20; i++) {
        assertEquals(MachineState.RUNNING, d.record("m" + i).state(), "m" + i);
      }
    }
  }

  @Test
  void theBackgroundLoopConvergesAfterAWake() throws Exception {
    try (Daemon d = start()) {
      d.reconciler.start(Duration.ofHours(1));
      d.lease("m1", "s1", Optional.empty());
      d.reconciler.wake();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (d.record("m1").state() != MachineState.RUNNING && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(MachineState.RUNNING, d.record("m1").state());
    }
  }
}
