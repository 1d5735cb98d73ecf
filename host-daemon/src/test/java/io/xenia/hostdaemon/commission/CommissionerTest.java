package io.xenia.hostdaemon.commission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.TestMachines;
import io.xenia.hostdaemon.audit.Audit;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.fake.FakeClock;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.store.MachineStore;
import io.xenia.protocol.records.Resources;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommissionerTest {
  @TempDir Path dir;
  FakeClock clock = new FakeClock(Instant.parse("2026-11-30T12:00:00Z"));
  FakeDriver driver = new FakeDriver(clock);
  MachineStore store;
  Commissioner commissioner;

  @BeforeEach
  void open() {
    store = MachineStore.open(dir, Audit.NONE, clock);
    commissioner = new Commissioner(store, Drivers.of(driver), Audit.NONE);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void matchingFactsMakeAMachineReady() {
    MachineRecord r = commissioner.commission(TestMachines.spec("m1"));
    assertEquals(MachineState.READY, r.state());
  }

  @Test
  void aDifferingFactFailsTheMachineNamingIt() {
    MachineSpec spec = TestMachines.spec("m1");
    driver.measure(
        "m1", Optional.of(new Facts(new Resources(4, 2048, 10, 1000, 0, ""), 1, Set.of())));
    MachineRecord r = commissioner.commission(spec);
    assertEquals(MachineState.FAILED, r.state());
    assertEquals(
        "commissioning: facts differ: memoryMiB: declared 4096, measured 2048", r.reason().get());

    // Repaired: the next commissioning makes it ready.
    driver.measure("m1", Optional.of(spec.declared()));
    assertEquals(MachineState.READY, commissioner.commission(spec).state());
  }

  @Test
  void anUnreachableMachineFailsWithTheDriversWord() {
    driver.failNext("m1", FakeDriver.Call.INSPECT, DriverException.Kind.UNREACHABLE, 1);
    MachineRecord r = commissioner.commission(TestMachines.spec("m1"));
    assertEquals(MachineState.FAILED, r.state());
    assertTrue(
        r.reason().get().startsWith("commissioning: unreachable: scripted"), r.reason().get());
  }

  @Test
  void aMissingDriverFailsTheMachine() {
    MachineSpec spec = TestMachines.spec("m1", "qemu");
    MachineRecord r = commissioner.commission(spec);
    assertTrue(r.reason().get().contains("needs driver \"qemu\""), r.reason().get());
  }

  @Test
  void leftoversAreWipedBeforeReady() {
    driver.leaveDeployment("m1", "old-session");
    assertEquals(MachineState.READY, commissioner.commission(TestMachines.spec("m1")).state());
    assertEquals(Optional.empty(), driver.deployed("m1"));
  }

  @Test
  void factCheckAllowsHoldingBackButNotOverstating() {
    Facts declared = new Facts(new Resources(2, 1024, 10, 100, 1, "A100"), 1, Set.of("sev-snp"));
    Facts bigger =
        new Facts(new Resources(4, 2048, 20, 1000, 1, "A100"), 2, Set.of("sev-snp", "tdx"));
    assertEquals(java.util.List.of(), FactCheck.differences(declared, bigger));
    Facts other = new Facts(new Resources(1, 1024, 10, 100, 1, "H100"), 1, Set.of());
    assertEquals(
        java.util.List.of(
            "cpuCores: declared 2, measured 1",
            "gpuModel: declared \"A100\", measured \"H100\"",
            "teeKinds: declared [sev-snp], measured [] (missing [sev-snp])"),
        FactCheck.differences(declared, other));
  }
}
