package io.xenia.hostdaemon.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.TestMachines;
import io.xenia.hostdaemon.TestSessions;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.fake.FakeClock;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.UsageRecord;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sampler over a real spool directory and the fake driver; no Kafka. */
class UsageSamplerTest {
  private static final Ed25519KeyPair HOST = Ed25519KeyPair.generate(new SecureRandom());

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T12:00:00Z"));
  private final FakeDriver driver = new FakeDriver(clock);
  private final List<MachineRecord> machines = new CopyOnWriteArrayList<>();

  private UsageSampler sampler(UsageSpool spool) {
    return new UsageSampler(
        spool,
        () -> List.copyOf(machines),
        id -> driver.usage(TestMachines.spec(id)),
        HOST,
        clock,
        () -> {});
  }

  private MachineRecord put(MachineState state, String session) {
    MachineRecord r =
        new MachineRecord(
            "m1",
            machines.size() + 1,
            state,
            state == MachineState.FAILED ? Optional.of("broken") : Optional.empty(),
            session == null ? Optional.empty() : Optional.of(TestSessions.session(session)),
            Optional.empty(),
            Optional.empty(),
            clock.instant());
    machines.clear();
    machines.add(r);
    return r;
  }

  private static UsageRecord open(SpooledRecord r) {
    return UsageRecord.open(r.envelope()).record();
  }

  @Test
  void aMissedTerminateIsCutAtTheTransitionWhenTheMachineStillHoldsTheSession() {
    driver.leaveDeployment("m1", "s1");
    put(MachineState.RUNNING, "s1");
    UsageSpool spool = UsageSpool.open(dir);
    clock.advance(Duration.ofSeconds(5));
    assertEquals(1, sampler(spool).sampleOnce());
    clock.advance(Duration.ofSeconds(3));
    MachineRecord releasing = put(MachineState.RELEASING, "s1"); // written while "crashed"
    clock.advance(Duration.ofSeconds(60));

    UsageSampler restarted = sampler(UsageSpool.open(dir));
    assertEquals(1, restarted.sampleOnce());
    UsageRecord last = open(spool.last("s1").orElseThrow());
    assertEquals(2, last.sequence());
    assertEquals(releasing.since(), last.intervalEnd());
    assertEquals(3, last.quantities().machineSeconds());
    assertTrue(restarted.openSessions().isEmpty());
    assertTrue(spool.isClosed("s1"));
  }

  @Test
  void aMissedEndWhoseMachineMovedOnClosesAtTheLastRecordWithoutBillingTheTimeSince() {
    driver.leaveDeployment("m1", "s1");
    put(MachineState.RUNNING, "s1");
    UsageSpool spool = UsageSpool.open(dir);
    clock.advance(Duration.ofSeconds(5));
    assertEquals(1, sampler(spool).sampleOnce());
    clock.advance(Duration.ofMinutes(10));
    put(MachineState.READY, null);

    UsageSampler restarted = sampler(UsageSpool.open(dir));
    assertEquals(0, restarted.sampleOnce());
    assertEquals(1, spool.last("s1").orElseThrow().sequence());
    assertTrue(spool.isClosed("s1"));
    assertTrue(restarted.openSessions().isEmpty());
  }

  @Test
  void reprovisioningPausesTheMeterAndTheNextRecordCoversThePause() {
    driver.leaveDeployment("m1", "s1");
    MachineRecord running = put(MachineState.RUNNING, "s1");
    UsageSampler sampler = sampler(UsageSpool.open(dir));
    clock.advance(Duration.ofSeconds(5));
    sampler.sampleOnce();
    MachineRecord provisioning = put(MachineState.PROVISIONING, "s1");
    sampler.changed(running, provisioning);
    clock.advance(Duration.ofSeconds(5));
    assertEquals(0, sampler.sampleOnce());
    assertEquals(1, sampler.openSessions().get("s1").sequence());
    put(MachineState.RUNNING, "s1");
    clock.advance(Duration.ofSeconds(2));
    assertEquals(1, sampler.sampleOnce());
    assertEquals(2, sampler.openSessions().get("s1").sequence());
  }

  @Test
  void aDriverErrorSkipsThePassAndTheNextRecordCoversTheGap() {
    driver.leaveDeployment("m1", "s1");
    put(MachineState.RUNNING, "s1");
    UsageSpool spool = UsageSpool.open(dir);
    UsageSampler sampler = sampler(spool);
    driver.failNext("m1", FakeDriver.Call.USAGE, DriverException.Kind.UNREACHABLE, 1);
    clock.advance(Duration.ofSeconds(5));
    assertEquals(0, sampler.sampleOnce());
    clock.advance(Duration.ofSeconds(5));
    assertEquals(1, sampler.sampleOnce());
    UsageRecord r = open(spool.last("s1").orElseThrow());
    assertEquals(1, r.sequence());
    assertEquals(10, r.quantities().machineSeconds());
  }
}
