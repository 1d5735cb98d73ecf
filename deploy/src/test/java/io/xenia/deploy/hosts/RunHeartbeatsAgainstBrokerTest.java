package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.hostdaemon.enroll.HostIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code host-daemon run} itself, as a child process, against a real broker: enrolled with the
 * {@code enroll} command, it sends heartbeats that the broker records (the host is {@code up} with
 * the machine counts of its inventory, {@code lastSeenAt} advancing); killed with SIGKILL, the
 * broker's failure detector marks it {@code suspect}, then {@code down}, within the configured
 * windows (heartbeat every 500 ms, suspect after 2 missed, down after 4; detector every 100 ms).
 */
class RunHeartbeatsAgainstBrokerTest {
  private static final Duration INTERVAL = Duration.ofMillis(500);
  private static final int SUSPECT_AFTER = 2;
  private static final int DOWN_AFTER = 4;
  @TempDir static Path tmp;
  private static BrokerUnderTest broker;

  @BeforeAll
  static void start() throws Exception {
    broker =
        BrokerUnderTest.start(tmp, INTERVAL, SUSPECT_AFTER, DOWN_AFTER, Duration.ofMillis(100));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private JsonNode host(HostIdentity identity) throws Exception {
    return broker.call("GET", "/v1/hosts/" + identity.hostId(), broker.operatorKey(), null, 200);
  }

  @Test
  void runHeartbeatsKeepTheHostUpAndAKilledDaemonGoesSuspectThenDown() throws Exception {
    Path dir = tmp.resolve("host");
    HostIdentity identity = broker.enroll(dir.resolve("state"), "run-host");
    Path config = dir.resolve("inventory.yaml");
    HostDaemonProcess p =
        HostDaemonProcess.start(
            config,
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
                "  location: {region: eu-west-1}",
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
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (p.output().stream().noneMatch(l -> l.startsWith("  f3 "))) {
        assertTrue(p.isAlive(), () -> "host-daemon run exited: " + p.output());
        assertTrue(
            System.nanoTime() < deadline, () -> "host-daemon run never started: " + p.output());
        Thread.sleep(50);
      }
      assertTrue(
          p.output().stream()
              .anyMatch(l -> l.startsWith("host-daemon: enrolled as " + identity.hostId())),
          p.output()::toString);

      // Heartbeats of the running daemon: up, with its inventory's counts, last seen advancing.
      long countsDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      JsonNode seen = host(identity);
      while (seen.path("machinesReady").asInt(-1) != 3 && System.nanoTime() < countsDeadline) {
        Thread.sleep(50);
        seen = host(identity);
      }
      assertEquals(3, seen.path("machinesTotal").asInt(), seen::toString);
      assertEquals(3, seen.path("machinesReady").asInt(), seen::toString);
      assertEquals("up", seen.path("status").asText(), seen::toString);
      Instant firstSeen = Instant.parse(seen.path("lastSeenAt").asText());
      // Over more than the down window, the host never leaves up: every beat is recorded in time.
      long watchUntil = System.nanoTime() + INTERVAL.multipliedBy(DOWN_AFTER + 2).toNanos();
      while (System.nanoTime() < watchUntil) {
        assertEquals("up", broker.status(identity.hostId()), p.output()::toString);
        Thread.sleep(100);
      }
      Instant lastSeen = Instant.parse(host(identity).path("lastSeenAt").asText());
      assertTrue(lastSeen.isAfter(firstSeen), firstSeen + " then " + lastSeen);

      // kill -9: no goodbye, only silence.
      long killed = System.nanoTime();
      p.kill();
      assertEquals(137, p.exitValue());
      Instant suspectAt = null;
      Instant downAt = null;
      long end = killed + TimeUnit.SECONDS.toNanos(15);
      while (downAt == null && System.nanoTime() < end) {
        String s = broker.status(identity.hostId());
        Instant now = Instant.now();
        if (s.equals("suspect") && suspectAt == null) {
          suspectAt = now;
        }
        if (s.equals("down")) {
          downAt = now;
        }
        Thread.sleep(10);
      }
      assertTrue(suspectAt != null, "never seen suspect");
      assertTrue(downAt != null, "never seen down");
      // Measured from the last heartbeat the broker recorded (same machine, same clock).
      Instant lastBeat = Instant.parse(host(identity).path("lastSeenAt").asText());
      long suspectMs = Duration.between(lastBeat, suspectAt).toMillis();
      long downMs = Duration.between(lastBeat, downAt).toMillis();
      long sinceKill = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      System.out.println(
          "RunHeartbeatsAgainstBrokerTest: after the last heartbeat suspect seen at "
              + suspectMs
              + " ms, down at "
              + downMs
              + " ms (interval "
              + INTERVAL.toMillis()
              + " ms: suspect after "
              + SUSPECT_AFTER
              + ", down after "
              + DOWN_AFTER
              + " missed; detector every 100 ms); down "
              + sinceKill
              + " ms after kill -9");
      long suspectWindow = INTERVAL.multipliedBy(SUSPECT_AFTER).toMillis();
      long downWindow = INTERVAL.multipliedBy(DOWN_AFTER).toMillis();
      // Never before its window (less a little for timestamp rounding); late only by the
      // detector's period and the status polling on a loaded machine.
      assertTrue(suspectMs >= suspectWindow - 20, "suspect too early: " + suspectMs + " ms");
      assertTrue(downMs >= downWindow - 20, "down too early: " + downMs + " ms");
      assertTrue(suspectMs < downMs, "suspect " + suspectMs + " ms, down " + downMs + " ms");
      assertTrue(downMs <= downWindow + 2000, "down too late: " + downMs + " ms");
    } finally {
      p.kill();
    }
  }
}
