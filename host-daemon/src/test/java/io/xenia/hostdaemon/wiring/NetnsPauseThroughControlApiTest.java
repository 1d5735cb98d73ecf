package io.xenia.hostdaemon.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.hostdaemon.MachinePrerequisites;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.PriceList;
import io.xenia.protocol.records.Resources;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pausing a running netns session through the real mTLS control API: a busy loop the customer
 * started over SSH stops consuming CPU while the machine is paused (its cgroup's {@code cpu.stat
 * usage_usec} stands still, {@code cgroup.freeze} is 1), the reconciler does not take the
 * unanswering machine for lost, and after resume the loop runs again and the customer logs in.
 */
class NetnsPauseThroughControlApiTest {
  /** The machine's cgroup directories, from the driver's state file: "v2|v1", dirs... */
  private static String[] cgroup(Path netnsState, String machine) throws Exception {
    Properties p = new Properties();
    try (Reader r =
        Files.newBufferedReader(
            netnsState.resolve("machines").resolve(machine).resolve("state.properties"))) {
      p.load(r);
    }
    return p.getProperty("cgroup").split(":");
  }

  /** CPU time of the machine's processes (v2 cpu.stat usage_usec, v1 cpuacct.usage), in µs. */
  private static long cpuMicros(String[] cgroup) throws Exception {
    for (int i = 1; i < cgroup.length; i++) {
      Path dir = Path.of(cgroup[i]);
      if (cgroup[0].equals("v2")) {
        for (String line : Files.readAllLines(dir.resolve("cpu.stat"))) {
          if (line.startsWith("usage_usec ")) {
            return Long.parseLong(line.substring("usage_usec ".length()).strip());
          }
        }
      } else if (Files.exists(dir.resolve("cpuacct.usage"))) {
        return Long.parseLong(Files.readString(dir.resolve("cpuacct.usage")).strip()) / 1000;
      }
    }
    throw new AssertionError("no CPU usage in " + Arrays.toString(cgroup));
  }

  /** What the kernel says of the machine's freezing: cgroup.freeze (v2) or freezer.state (v1). */
  private static String freezeState(String[] cgroup) throws Exception {
    Path first = Path.of(cgroup[1]);
    if (cgroup[0].equals("v2")) {
      return Files.readString(first.resolve("cgroup.freeze")).strip();
    }
    Path relative = Path.of("/sys/fs/cgroup").relativize(first);
    return Files.readString(
            Path.of("/sys/fs/cgroup/freezer")
                .resolve(relative.subpath(1, relative.getNameCount()))
                .resolve("freezer.state"))
        .strip();
  }

  private static String ssh(CustomerKey key, JsonNode running, String command) throws Exception {
    return key.ssh(running.path("sshHost").asText(), running.path("sshPort").asInt(), command);
  }

  @Test
  void aPausedNetnsMachineRunsNothingUntilResumed() throws Exception {
    MachinePrerequisites.requireNetns("netns pause test");
    Path dir = Files.createTempDirectory("xenia-netns-pause");
    CustomerKey customerKey = CustomerKey.generate(dir);
    Ed25519PublicKey customer = customerKey.publicKey();
    Path netnsState = dir.resolve("netns");
    String yaml =
        "daemon:\n  dataDir: "
            + dir.resolve("state")
            + "\n  reconcileIntervalMs: 50\n"
            + "machines:\n  - id: np-1\n    driver: netns\n    location: {region: eu-west-1}\n"
            + "    prices: {currency: EUR, perHour: 0.40}\n"
            + "    facts: {cpuCores: 1, memoryMiB: 256, diskGiB: 1, networkMbps: 1000}\n"
            + "    settings: {stateDir: "
            + netnsState
            + "}\n";
    try (NetnsControlApiHost host = NetnsControlApiHost.start(dir, yaml)) {
      HostDaemon daemon = host.daemon();
      Ed25519KeyPair hostKey = host.hostKey();
      assertEquals(MachineState.READY, daemon.store().require("np-1").state());
      BrokerClient broker = host.broker();
      Instant now = Instant.now();
      Agreement proposal =
          new Agreement(
              1,
              "agr-np",
              "s-np",
              hostKey.publicKey().fingerprint(),
              "np-1",
              "acct-customer-1",
              customer,
              "po-1",
              new Resources(1, 256, 1, 1000, 0, ""),
              PriceList.hourly(Money.parse("EUR", "0.40")),
              now,
              new LeaseEnd.OpenEnded(),
              "2026-11-01");
      var admitted =
          broker.post(
              "/v1/admissions",
              "{\"agreement\":" + CanonicalJson.encodeToString(proposal.toCanonical()) + "}");
      assertEquals(201, admitted.statusCode(), admitted::body);
      // Pausing what does not run yet is a conflict.
      var early = broker.post("/v1/sessions/s-np/pause", "");
      assertEquals(409, early.statusCode(), early::body);
      assertEquals(202, broker.post("/v1/sessions/s-np/provision", "{}").statusCode());
      JsonNode running = broker.awaitState("s-np", "running");

      // The customer starts a busy loop that outlives the SSH session.
      ssh(customerKey, running, "nohup sh -c 'while :; do :; done' >/dev/null 2>&1 &");
      String[] cgroup = cgroup(netnsState, "np-1");
      long before = cpuMicros(cgroup);
      Thread.sleep(300);
      long busy = cpuMicros(cgroup) - before;
      assertTrue(busy > 20_000, "the loop should burn CPU: " + busy + " µs in 300 ms");

      long t = System.nanoTime();
      var paused = broker.post("/v1/sessions/s-np/pause", "");
      long pauseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
      assertEquals(200, paused.statusCode(), paused::body);
      assertEquals("paused", BrokerClient.json(paused).path("state").asText());
      assertTrue(
          List.of("1", "FROZEN").contains(freezeState(cgroup)), () -> Arrays.toString(cgroup));
      long frozenAt = cpuMicros(cgroup);
      // Well past the reconciler's probes (every 50 ms): still paused, not taken for lost.
      Thread.sleep(1500);
      assertEquals(frozenAt, cpuMicros(cgroup), "nothing runs while paused");
      assertEquals(
          "paused", BrokerClient.json(broker.get("/v1/sessions/s-np")).path("state").asText());
      assertEquals(MachineState.RUNNING, daemon.store().require("np-1").state());
      // Idempotent.
      assertEquals(200, broker.post("/v1/sessions/s-np/pause", "").statusCode());

      t = System.nanoTime();
      var resumed = broker.post("/v1/sessions/s-np/resume", "");
      long resumeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
      assertEquals(200, resumed.statusCode(), resumed::body);
      assertEquals("running", BrokerClient.json(resumed).path("state").asText());
      long thawed = cpuMicros(cgroup);
      Thread.sleep(300);
      assertTrue(cpuMicros(cgroup) - thawed > 20_000, "the loop runs again after resume");
      String out = ssh(customerKey, running, "echo back");
      assertTrue(out.contains("back"), out);
      System.out.println(
          "NetnsPauseThroughControlApiTest: pause answered in "
              + pauseMillis
              + " ms, resume in "
              + resumeMillis
              + " ms (mTLS round trip + freeze until the kernel confirms)");

      // A paused machine is still wiped cleanly on terminate.
      assertEquals(200, broker.post("/v1/sessions/s-np/pause", "").statusCode());
      assertEquals(
          200,
          broker
              .post("/v1/sessions/s-np/terminate", "{\"reason\":\"funds-exhausted\"}")
              .statusCode());
      broker.awaitState("s-np", "released");
      assertEquals(404, broker.post("/v1/sessions/s-none/pause", "").statusCode());
    } finally {
      CustomerKey.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
    }
  }
}
