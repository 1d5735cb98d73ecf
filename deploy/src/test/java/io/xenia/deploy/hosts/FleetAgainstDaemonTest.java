package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.cli.Xenia;
import io.xenia.hostdaemon.enroll.HostIdentity;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet queries over a real daemon: {@code host-daemon run} (child process, three fake machines)
 * reports its host's metrics — read from this machine's /proc — in signed heartbeats, and the
 * operator finds the host with {@code GET /v1/hosts?q=} and {@code xenia hosts where}.
 */
class FleetAgainstDaemonTest {
  @TempDir static Path tmp;
  private static BrokerUnderTest broker;

  @BeforeAll
  static void start() throws Exception {
    broker = BrokerUnderTest.start(tmp, Duration.ofMillis(500), 2, 4, Duration.ofMillis(100));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static JsonNode hosts(String q) throws Exception {
    return broker.call(
        "GET",
        "/v1/hosts?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8),
        broker.operatorKey(),
        null,
        200);
  }

  @Test
  void aRunningDaemonsMetricsAnswerFleetQueries() throws Exception {
    Path dir = tmp.resolve("host");
    HostIdentity identity = broker.enroll(dir.resolve("state"), "fleet-host");
    HostDaemonProcess p =
        HostDaemonProcess.start(
            dir.resolve("inventory.yaml"),
            String.join(
                "\n",
                "daemon:",
                "  dataDir: state",
                "  reconcileIntervalMs: 200",
                "  controlApi: {bind: \"127.0.0.1:0\"}",
                "  dht: {bind: \"127.0.0.1:0\"}",
                "  advertise: {ownerAccountId: acct-operator-1, ttlSeconds: 30}",
                "defaults:",
                "  driver: fake",
                "  location: {region: eu-north-7}",
                "  prices: {currency: EUR, perHour: 0.40}",
                "machines:",
                "  - id: f1",
                "    facts: {cpuCores: 2, memoryMiB: 1024}",
                "  - id: f2",
                "    facts: {cpuCores: 2, memoryMiB: 1024}",
                "  - id: f3",
                "    facts: {cpuCores: 2, memoryMiB: 1024}",
                ""));
    try {
      String q = "machines.free=3 region=eu-north-7 status=up cpu.load>=0 mem.used<=1 uptime>0";
      long started = System.nanoTime();
      long deadline = started + TimeUnit.SECONDS.toNanos(60);
      JsonNode found = hosts(q);
      while (found.path("items").size() == 0) {
        assertTrue(p.isAlive(), () -> "host-daemon run exited: " + p.output());
        assertTrue(System.nanoTime() < deadline, () -> "never matched: " + p.output());
        Thread.sleep(100);
        found = hosts(q);
      }
      long ms = (System.nanoTime() - started) / 1_000_000;
      JsonNode host = found.path("items").get(0);
      assertEquals(identity.hostId().toString(), host.path("id").asText());
      JsonNode m = host.path("metrics");
      assertEquals(
          Runtime.getRuntime().availableProcessors(), m.path("cpuCores").asInt(), m::toString);
      BigDecimal used = m.path("memUsed").decimalValue();
      assertTrue(used.signum() > 0 && used.compareTo(BigDecimal.ONE) <= 0, m::toString);
      assertTrue(m.path("diskFreeGib").decimalValue().signum() > 0, m::toString);
      assertEquals(0, m.path("machinesLeased").asInt(), m::toString);
      assertEquals(0, m.path("machinesFailed").asInt(), m::toString);
      assertTrue(!m.path("version").asText().isEmpty(), m::toString);
      assertEquals(0, hosts("cpu.load>1000").path("items").size());
      assertEquals(0, hosts("region=us-*").path("items").size());

      // The same through the CLI, as the operator.
      Path config = tmp.resolve("xenia/config.json");
      Map<String, String> env = Map.of("XENIA_CONFIG", config.toString());
      assertEquals(
          0,
          xenia(env, "login", "--api", broker.base().toString(), "--key", broker.operatorKey())
              .exit());
      Xenia.Outcome where = xenia(env, "hosts", "where", "machines.free>=3 region=eu-north-*");
      assertEquals(0, where.exit(), where::toString);
      assertTrue(where.out().contains(identity.hostId().toString()), where.out());
      assertTrue(where.out().contains("0/3/0/3"), where.out());
      System.out.printf(
          "FleetAgainstDaemonTest: host matched %s %d ms after the daemon started; metrics %s%n",
          q, ms, m);
    } finally {
      p.kill();
    }
  }

  private static Xenia.Outcome xenia(Map<String, String> env, String... args) {
    return Xenia.runCapturing(env, args);
  }
}
