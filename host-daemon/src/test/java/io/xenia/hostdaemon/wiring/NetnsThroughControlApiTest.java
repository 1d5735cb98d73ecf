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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole path a broker drives, against the netns driver: admit over mTLS → provision → the
 * customer logs in over SSH with the key named in the agreement → terminate → wiped and ready, with
 * the signed wipe record kept.
 */
class NetnsThroughControlApiTest {
  @Test
  void admitProvisionSshTerminateWipe() throws Exception {
    MachinePrerequisites.requireNetns("netns wiring test");
    Path dir = Files.createTempDirectory("xenia-netns-wiring");
    CustomerKey key = CustomerKey.generate(dir);
    Ed25519PublicKey customer = key.publicKey();
    String yaml =
        "daemon:\n  dataDir: "
            + dir.resolve("state")
            + "\n  reconcileIntervalMs: 50\n"
            + "machines:\n  - id: ns-1\n    driver: netns\n    location: {region: eu-west-1}\n"
            + "    prices: {currency: EUR, perHour: 0.40}\n"
            + "    facts: {cpuCores: 1, memoryMiB: 256, diskGiB: 1, networkMbps: 1000}\n"
            + "    settings: {stateDir: "
            + dir.resolve("netns")
            + "}\n";
    try (NetnsControlApiHost host = NetnsControlApiHost.start(dir, yaml)) {
      HostDaemon daemon = host.daemon();
      Ed25519KeyPair hostKey = host.hostKey();
      assertEquals(MachineState.READY, daemon.store().require("ns-1").state());
      BrokerClient broker = host.broker();
      Instant now = Instant.now();
      Agreement proposal =
          new Agreement(
              1,
              "agr-ns",
              "s-ns",
              hostKey.publicKey().fingerprint(),
              "ns-1",
              "acct-customer-1",
              customer,
              "po-1",
              new Resources(1, 256, 1, 1000, 0, ""),
              PriceList.hourly(Money.parse("EUR", "0.40")),
              now,
              new LeaseEnd.Fixed(now.plus(Duration.ofHours(1))),
              "2026-11-01");
      long start = System.nanoTime();
      var admitted =
          broker.post(
              "/v1/admissions",
              "{\"agreement\":" + CanonicalJson.encodeToString(proposal.toCanonical()) + "}");
      assertEquals(201, admitted.statusCode(), admitted::body);
      assertEquals(202, broker.post("/v1/sessions/s-ns/provision", "{}").statusCode());
      JsonNode running = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        running = BrokerClient.json(broker.get("/v1/sessions/s-ns"));
        if ("running".equals(running.path("state").asText())) {
          break;
        }
        Thread.sleep(20);
      }
      assertEquals("running", running.path("state").asText(), running.toString());
      String out =
          key.ssh(
              running.path("sshHost").asText(),
              running.path("sshPort").asInt(),
              "echo hello-from-$(hostname)");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.println(
          "NetnsThroughControlApiTest: admission → SSH answered in " + millis + " ms");
      assertTrue(out.contains("hello-from-"), out);

      var terminated = broker.post("/v1/sessions/s-ns/terminate", "{\"reason\":\"customer\"}");
      assertEquals(200, terminated.statusCode(), terminated::body);
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      JsonNode last = null;
      while (System.nanoTime() < deadline) {
        last = BrokerClient.json(broker.get("/v1/sessions/s-ns"));
        if ("released".equals(last.path("state").asText())) {
          break;
        }
        Thread.sleep(20);
      }
      assertEquals("released", last.path("state").asText(), String.valueOf(last));
      var record = daemon.store().require("ns-1");
      assertEquals(MachineState.READY, record.state());
      assertTrue(record.lastWipe().isPresent());
    } finally {
      CustomerKey.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
    }
  }
}
