package io.xenia.hostdaemon.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostMetricsTest {
  private static final String MEMINFO =
      "MemTotal:        8000000 kB\nMemFree:  100 kB\nMemAvailable:    2000000 kB\n";

  @Test
  void parsesProcFiles(@TempDir Path proc) throws Exception {
    Files.writeString(proc.resolve("loadavg"), "1.80 0.50 0.20 2/300 1234\n");
    Files.writeString(proc.resolve("meminfo"), MEMINFO);
    Files.writeString(proc.resolve("uptime"), "90061.42 170000.00\n");
    var m =
        HostMetrics.collect(
            proc, proc, 2, "1.2.3", new HostMetrics.Tally(1, 3, 0, Optional.of("eu-west-1")));
    assertEquals("0.9000", m.get("cpu.load"));
    assertEquals("0.7500", m.get("mem.used"));
    assertEquals("7812", m.get("mem.total"));
    assertEquals("90061", m.get("uptime"));
    assertEquals("2", m.get("cpu.cores"));
    assertEquals("1", m.get("machines.leased"));
    assertEquals("3", m.get("machines.free"));
    assertEquals("0", m.get("machines.failed"));
    assertEquals("1.2.3", m.get("version"));
    assertEquals("eu-west-1", m.get("region"));
    assertTrue(new BigDecimal(m.get("disk.free")).signum() > 0, m.get("disk.free"));
  }

  @Test
  void leavesOutWhatItCannotRead(@TempDir Path proc) {
    var m =
        HostMetrics.collect(proc, proc, 4, "dev", new HostMetrics.Tally(0, 0, 0, Optional.empty()));
    assertTrue(
        !m.containsKey("cpu.load") && !m.containsKey("mem.used") && !m.containsKey("region"));
    assertEquals(Optional.empty(), HostMetrics.load("garbage", 2));
    assertEquals(Optional.empty(), HostMetrics.memUsed("MemTotal: 0 kB\nMemAvailable: 0 kB\n"));
  }

  @Test
  void readsThisMachinesProc() {
    var m =
        HostMetrics.collect(
            Path.of("/proc"),
            Path.of("/tmp"),
            2,
            "dev",
            new HostMetrics.Tally(0, 0, 0, Optional.empty()));
    assertTrue(
        m.containsKey("cpu.load") && m.containsKey("mem.used") && m.containsKey("uptime"),
        m.toString());
  }
}
