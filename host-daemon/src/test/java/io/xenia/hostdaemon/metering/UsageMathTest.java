package io.xenia.hostdaemon.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.protocol.records.UsageQuantities;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageMathTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private static final long MIB = 1L << 20;

  @Test
  void differencesOfCumulativeCountersBecomeWholeUnits() {
    MeterState s = MeterState.start("s1", "a1", "m1", T0);
    UsageMath.Cut c =
        UsageMath.cut(
            s, new UsageCounters(2_500_000_000L, 512 * MIB, 1000, 300), T0.plusSeconds(5));
    assertEquals(new UsageQuantities(2, 2560, 300, 1000, 5), c.quantities());
    assertEquals(1, c.next().sequence());
    assertEquals(500_000_000L, c.next().cpuCarryNanos());
    assertFalse(c.counterReset());
  }

  @Test
  void remaindersAreCarriedSoNothingIsLostOrOverstated() {
    MeterState s = MeterState.start("s1", "a1", "m1", T0);
    long cpu = 0;
    long billedCpu = 0;
    long billedMachine = 0;
    long billedMem = 0;
    for (int i = 1; i <= 10; i++) {
      cpu += 700_000_000L; // 0.7 s per 1.5 s interval
      UsageMath.Cut c =
          UsageMath.cut(s, new UsageCounters(cpu, MIB / 2, 0, 0), T0.plusMillis(1500L * i));
      billedCpu += c.quantities().cpuSeconds();
      billedMachine += c.quantities().machineSeconds();
      billedMem += c.quantities().memoryMiBSeconds();
      assertTrue(billedCpu * 1_000_000_000L <= cpu, "never overstated");
      s = c.next();
    }
    assertEquals(7, billedCpu);
    assertEquals(15, billedMachine);
    assertEquals(7, billedMem); // 0.5 MiB for 15 s = 7.5 MiB·s, rounded down
    assertEquals(500L * MIB, s.memoryCarryByteMillis());
  }

  @Test
  void aCounterThatWentDownIsARestartFromZeroNotNegativeUsage() {
    MeterState s = MeterState.start("s1", "a1", "m1", T0);
    s =
        UsageMath.cut(s, new UsageCounters(9_000_000_000L, 0, 5000, 5000), T0.plusSeconds(5))
            .next();
    UsageMath.Cut c =
        UsageMath.cut(s, new UsageCounters(1_000_000_000L, 0, 200, 9000), T0.plusSeconds(10));
    assertTrue(c.counterReset());
    // cpu and rx went down: restarted from zero; tx did not: an ordinary difference
    assertEquals(new UsageQuantities(1, 0, 4000, 200, 5), c.quantities());
  }

  @Test
  void anIntervalMustMoveForward() {
    MeterState s = MeterState.start("s1", "a1", "m1", T0);
    assertThrows(
        IllegalArgumentException.class, () -> UsageMath.cut(s, new UsageCounters(0, 0, 0, 0), T0));
  }

  @Test
  void stateSurvivesItsJsonWithCountersBeyondJsonIntegers() {
    MeterState s =
        new MeterState(
            "s1", "a1", "m1", 7, T0, new UsageCounters(Long.MAX_VALUE, 1, 2, 3), 4, 5, 6, true);
    assertEquals(s, MeterState.fromJson(s.toJson()));
  }
}
