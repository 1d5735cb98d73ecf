package io.xenia.hostdaemon.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.security.MembershipRole;
import io.xenia.hostdaemon.api.TestCa;
import io.xenia.hostdaemon.enroll.EnrolledDataDir;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP to {@code host-daemon run} as a child process (enrolled, fake driver, polling set to an
 * hour so only the signal can trigger): the edited inventory is applied (a machine added shows in
 * the control API's status), a rotated certificate is served to new TLS connections, and the daemon
 * keeps running (the JVM's default would have been to stop); SIGTERM still stops it.
 */
class RunReloadProcessTest {
  @TempDir Path dir;

  private static String inventory(String... machines) {
    StringBuilder y =
        new StringBuilder(
            String.join(
                "\n",
                "daemon:",
                "  dataDir: state",
                "  reconcileIntervalMs: 100",
                "  controlApi: {bind: \"127.0.0.1:0\"}",
                "  dht: {bind: \"127.0.0.1:0\"}",
                "  advertise: {ownerAccountId: acct-operator-1, ttlSeconds: 30}",
                "defaults:",
                "  driver: fake",
                "  location: {region: eu-west-1}",
                "  prices: {currency: EUR, perHour: 0.40}",
                "machines:",
                ""));
    for (String m : machines) {
      y.append("  - {id: ").append(m).append(", facts: {cpuCores: 2, memoryMiB: 1024}}\n");
    }
    return y.toString();
  }

  private static void eventually(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "never: " + what);
      Thread.sleep(50);
    }
  }

  private static void hangUp(Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start();
    assertEquals(0, kill.waitFor());
  }

  @Test
  void sighupReloadsTheInventoryAndTheIdentityAndTheDaemonRunsOn() throws Exception {
    TestCa hostCa = new TestCa("Xenia host CA");
    Path dataDir = dir.resolve("state");
    Ed25519KeyPair hostKey = EnrolledDataDir.hostKey(dataDir);
    Ed25519KeyPair dhtCa = Ed25519KeyPair.generate(new SecureRandom());
    TestCa.Leaf tls1 = hostCa.issue("urn:xenia:host:1");
    EnrolledDataDir.write(
        dataDir,
        tls1.key().getPrivate(),
        tls1.certificate(),
        hostCa.certificate(),
        IdentityReloadTest.member(dhtCa, hostKey, MembershipRole.HOST, Duration.ofDays(1)).toJson(),
        URI.create("https://127.0.0.1:9/"),
        Duration.ofSeconds(1));
    Path config = dir.resolve("inventory.yaml");
    Files.writeString(config, inventory("f1", "f2"));
    RunProcess run = RunProcess.start(config, "--reload-interval", "PT1H");
    Process p = run.process();
    List<String> output = run.output();
    try {
      eventually("the daemon running", () -> output.stream().anyMatch(l -> l.startsWith("  f2 ")));
      int port = run.controlPort();
      BrokerClient broker = new BrokerClient(hostCa, "broker-a", port);
      var before = BrokerClient.json(broker.get("/v1/status")).path("machines");
      assertEquals(2, before.size(), before::toString);
      assertTrue(before.has("f1") && before.has("f2"), before::toString);

      // The operator adds f3, drops f1, and sends SIGHUP.
      Files.writeString(config, inventory("f2", "f3"));
      hangUp(p);
      eventually(
          "f3 managed, f1 not",
          () -> {
            try {
              var machines = BrokerClient.json(broker.get("/v1/status")).path("machines");
              return machines.path("f3").asText().equals("ready") && !machines.has("f1");
            } catch (Exception e) {
              return false;
            }
          });

      // enroll --rotate wrote new files; SIGHUP; new connections get the new certificate.
      TestCa.Leaf tls2 = hostCa.issue("urn:xenia:host:1");
      EnrolledDataDir.rotate(
          dataDir,
          tls2.key().getPrivate(),
          tls2.certificate(),
          IdentityReloadTest.member(dhtCa, hostKey, MembershipRole.HOST, Duration.ofDays(1))
              .toJson());
      TestCa.Leaf client = hostCa.issue("broker-b");
      assertEquals(
          tls1.certificate().getSerialNumber(),
          IdentityReloadTest.served(client, hostCa.certificate(), port),
          "polling is off: nothing changes before the signal");
      hangUp(p);
      int controlPort = port;
      eventually(
          "the rotated certificate served",
          () -> {
            try {
              return IdentityReloadTest.served(client, hostCa.certificate(), controlPort)
                  .equals(tls2.certificate().getSerialNumber());
            } catch (Exception e) {
              return false;
            }
          });
      assertTrue(p.isAlive(), "SIGHUP must not stop the daemon");
      assertTrue(
          output.stream().anyMatch(l -> l.contains("host-daemon: identity reloaded")),
          output::toString);
      assertTrue(
          output.stream().anyMatch(l -> l.contains("host-daemon: inventory reloaded")),
          output::toString);

      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(143, p.exitValue());
    } finally {
      p.destroyForcibly();
    }
  }
}
