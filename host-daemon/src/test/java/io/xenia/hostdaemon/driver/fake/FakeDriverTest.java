package io.xenia.hostdaemon.driver.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.TestMachines;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerState;
import io.xenia.hostdaemon.driver.fake.FakeDriver.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FakeDriverTest {
  final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T12:00:00Z"));
  final FakeDriver driver = new FakeDriver(clock);
  final MachineSpec m1 = TestMachines.spec("m1");

  Deployment deployment(String session) {
    return new Deployment(
        session, Optional.empty(), List.of("ssh-ed25519 AAAA k"), new Limits(1, 512), "m1");
  }

  @Test
  void deployAndWipeChangeTheMachineAndTakeTheirTime() throws Exception {
    driver.setTimes(Duration.ofSeconds(3), Duration.ofSeconds(5));
    driver.deploy(m1, deployment("s1"));
    Inspection i = driver.inspect(m1);
    assertEquals(PowerState.ON, i.power());
    assertEquals(Optional.of("s1"), i.deployedSession());
    assertTrue(i.reachable());
    assertEquals(Optional.of(m1.declared()), i.measured());
    driver.deploy(m1, deployment("s1")); // idempotent for the same session
    assertThrows(DriverException.class, () -> driver.deploy(m1, deployment("s2")));
    assertEquals(Instant.parse("2026-11-30T12:00:06Z"), clock.instant());
    assertEquals("fake-discarded", driver.wipe(m1).method());
    assertEquals(Optional.empty(), driver.inspect(m1).deployedSession());
    assertEquals(Instant.parse("2026-11-30T12:00:11Z"), clock.instant());
  }

  @Test
  void scriptedFailuresComeInOrderThenStop() throws Exception {
    driver.failNext("m1", Call.INSPECT, DriverException.Kind.UNREACHABLE, 1);
    driver.failNext("m1", Call.INSPECT, DriverException.Kind.TIMEOUT, 1);
    assertEquals(
        DriverException.Kind.UNREACHABLE,
        assertThrows(DriverException.class, () -> driver.inspect(m1)).kind());
    assertEquals(
        DriverException.Kind.TIMEOUT,
        assertThrows(DriverException.class, () -> driver.inspect(m1)).kind());
    driver.inspect(m1);
    assertEquals(3, driver.calls("m1", Call.INSPECT));
  }

  @Test
  void aCrashDuringDeployLeavesItHalfDone() {
    driver.crashDuring("m1", Call.DEPLOY);
    assertThrows(FakeDriver.SimulatedCrash.class, () -> driver.deploy(m1, deployment("s1")));
    assertEquals(Optional.of("s1"), driver.deployed("m1"));
    assertEquals(PowerState.ON, driver.power("m1"));
  }
}
