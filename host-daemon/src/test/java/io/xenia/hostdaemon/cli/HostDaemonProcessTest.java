package io.xenia.hostdaemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code host-daemon} as a real child process with fake machines: start, stop, kill, verify. */
class HostDaemonProcessTest {
  @TempDir Path dir;

  private Path inventory() throws Exception {
    Path file = dir.resolve("inventory.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "daemon:",
            "  dataDir: state",
            "  reconcileIntervalMs: 100",
            "defaults:",
            "  driver: fake",
            "  location: {region: eu-west-1}",
            "  prices: {currency: EUR, perHour: 0.40}",
            "machines:",
            "  - id: f1",
            "    facts: {cpuCores: 2, memoryMiB: 1024}",
            "  - id: f2",
            "    facts: {cpuCores: 2, memoryMiB: 1024}",
            ""));
    return file;
  }

  private Process start(Path config) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            HostDaemonMain.class.getName(),
            "run",
            "--config",
            config.toString())
        .redirectErrorStream(true)
        .start();
  }

  /** Reads output until the machine list is printed. */
  private static List<String> awaitRunning(Process p) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
      if (line.startsWith("  f2 ")) {
        return lines;
      }
    }
    throw new AssertionError("the daemon ended before running: " + lines);
  }

  private static int cli(List<String> out, String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return HostDaemonMain.commandLine().execute(args);
    } finally {
      System.setOut(saved);
      out.add(buf.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void runsCommissionsStopsOnSigtermSurvivesKillAndVerifies() throws Exception {
    Path config = inventory();
    Process p = start(config);
    List<String> lines = awaitRunning(p);
    assertTrue(lines.contains("  f1 (fake): ready"), lines.toString());
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(143, p.exitValue(), "terminated by SIGTERM after the clean stop");
    Path log = dir.resolve("state/audit.log");
    List<String> entries = Files.readAllLines(log);
    assertTrue(entries.get(entries.size() - 1).contains("\"action\":\"daemon-stopped\""));
    assertTrue(Files.exists(dir.resolve("state/host.key")));

    Process again = start(config);
    awaitRunning(again);
    again.destroyForcibly(); // kill -9: no stop entry, the lock goes with the process
    assertTrue(again.waitFor(60, TimeUnit.SECONDS));
    Process third = start(config);
    assertTrue(awaitRunning(third).contains("  f2 (fake): ready"));
    third.destroy();
    assertTrue(third.waitFor(60, TimeUnit.SECONDS));

    List<String> out = new ArrayList<>();
    assertEquals(0, cli(out, "audit", "verify", "--config", config.toString()));
    assertTrue(out.get(0).contains("OK: "), out.toString());

    List<String> all = Files.readAllLines(log);
    // Tamper with the action, never with prev or hash, whatever hex digits they happen to hold.
    all.set(3, all.get(3).replace("\"action\":\"", "\"action\":\"tampered-"));
    Files.write(log, all);
    assertEquals(1, cli(out, "audit", "verify", "--log", log.toString()));
    assertTrue(out.get(1).contains("BROKEN at entry 4: hash"), out.get(1));
  }

  @Test
  void aBadInventoryIsABadUsageExit() throws Exception {
    Path config = inventory();
    Files.writeString(config, Files.readString(config).replace("cpuCores: 2,", "cpuCores: two,"));
    Process p = start(config);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertTrue(
        out.contains("inventory.yaml line 10: machines[0].facts.cpuCores: must be a whole number"),
        out);
  }
}
