package io.xenia.hostdaemon.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import io.xenia.protocol.signing.SignedEnvelope;
import java.io.Reader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Modifying a running netns session through the real mTLS control API: CPU and memory resized
 * (checked in the machine's cgroup files, not through the driver), the lease extended and then
 * shortened so that the reconciler ends it at the new end; refusals as problem answers with a
 * reason; the amended agreement signed by the host; a {@code modified} event on the stream.
 */
class NetnsModifyThroughControlApiTest {
  /** CPU cores (CFS quota / period) and memory limit (MiB) from the machine's cgroup files. */
  private static long[] cgroupLimits(Path netnsState, String machine) throws Exception {
    Properties p = new Properties();
    try (Reader r =
        Files.newBufferedReader(
            netnsState.resolve("machines").resolve(machine).resolve("state.properties"))) {
      p.load(r);
    }
    String[] parts = p.getProperty("cgroup").split(":");
    long quota = -1;
    long period = -1;
    long bytes = -1;
    for (int i = 1; i < parts.length; i++) {
      Path dir = Path.of(parts[i]);
      if (parts[0].equals("v2")) {
        String[] cpu = Files.readString(dir.resolve("cpu.max")).strip().split(" ");
        quota = Long.parseLong(cpu[0]);
        period = Long.parseLong(cpu[1]);
        bytes = Long.parseLong(Files.readString(dir.resolve("memory.max")).strip());
      } else if (Files.exists(dir.resolve("cpu.cfs_quota_us"))) {
        quota = Long.parseLong(Files.readString(dir.resolve("cpu.cfs_quota_us")).strip());
        period = Long.parseLong(Files.readString(dir.resolve("cpu.cfs_period_us")).strip());
      } else if (Files.exists(dir.resolve("memory.limit_in_bytes"))) {
        bytes = Long.parseLong(Files.readString(dir.resolve("memory.limit_in_bytes")).strip());
      }
    }
    return new long[] {quota / period, bytes >> 20};
  }

  private static HttpResponse<String> patch(BrokerClient broker, String path, String body)
      throws Exception {
    return broker.http.send(
        HttpRequest.newBuilder(broker.uri(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void resizeAndExtendARunningNetnsMachineOverMutualTls() throws Exception {
    MachinePrerequisites.requireNetns("netns modify test");
    Path dir = Files.createTempDirectory("xenia-netns-modify");
    CustomerKey customerKey = CustomerKey.generate(dir);
    Ed25519PublicKey customer = customerKey.publicKey();
    Path netnsState = dir.resolve("netns");
    String yaml =
        "daemon:\n  dataDir: "
            + dir.resolve("state")
            + "\n  reconcileIntervalMs: 50\n"
            + "machines:\n  - id: nm-1\n    driver: netns\n    location: {region: eu-west-1}\n"
            + "    prices: {currency: EUR, perHour: 0.40}\n"
            + "    facts: {cpuCores: 2, memoryMiB: 512, diskGiB: 1, networkMbps: 1000}\n"
            + "    settings: {stateDir: "
            + netnsState
            + "}\n";
    try (NetnsControlApiHost host = NetnsControlApiHost.start(dir, yaml)) {
      HostDaemon daemon = host.daemon();
      Ed25519KeyPair hostKey = host.hostKey();
      assertEquals(
          MachineState.READY,
          daemon.store().require("nm-1").state(),
          () -> daemon.store().require("nm-1").toString());
      BrokerClient broker = host.broker();
      var events =
          broker.http.sendAsync(
              HttpRequest.newBuilder(broker.uri("/v1/events?after=0")).GET().build(),
              HttpResponse.BodyHandlers.ofLines());
      Instant now = Instant.now();
      Agreement proposal =
          new Agreement(
              1,
              "agr-nm",
              "s-nm",
              hostKey.publicKey().fingerprint(),
              "nm-1",
              "acct-customer-1",
              customer,
              "po-1",
              new Resources(1, 256, 1, 1000, 0, ""),
              PriceList.hourly(Money.parse("EUR", "0.40")),
              now,
              new LeaseEnd.Fixed(now.plus(Duration.ofHours(1))),
              "2026-11-01");
      var admitted =
          broker.post(
              "/v1/admissions",
              "{\"agreement\":" + CanonicalJson.encodeToString(proposal.toCanonical()) + "}");
      assertEquals(201, admitted.statusCode(), admitted::body);
      String admittedId = daemon.store().require("nm-1").requireSession().agreementId();
      assertEquals(202, broker.post("/v1/sessions/s-nm/provision", "{}").statusCode());
      JsonNode running = broker.awaitState("s-nm", "running");
      assertEquals(admittedId, running.path("agreementId").asText(), running.toString());
      assertEquals(List.of(1L, 256L), List.of(boxed(cgroupLimits(netnsState, "nm-1"))));

      // Resize up to the whole machine and extend the lease by an hour.
      Instant extended = now.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
      long t = System.nanoTime();
      var resized =
          broker.post(
              "/v1/sessions/s-nm/modify",
              "{\"cpus\":2,\"memoryMib\":384,\"leaseEnd\":\"" + extended + "\"}");
      long modifyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
      assertEquals(200, resized.statusCode(), resized::body);
      JsonNode status = BrokerClient.json(resized);
      assertEquals("running", status.path("state").asText());
      String amendedId = status.path("agreementId").asText();
      assertNotEquals(admittedId, amendedId);
      SignedEnvelope envelope =
          SignedEnvelope.fromJson(BrokerClient.JSON.writeValueAsBytes(status.path("agreement")));
      var signed = envelope.open(Agreement.TYPE);
      signed.requireSignedBy(hostKey.publicKey());
      Agreement amended = signed.record();
      assertEquals(amendedId, amended.agreementId());
      assertEquals("s-nm", amended.sessionId());
      assertEquals("po-1", amended.purchaseOrderId());
      assertEquals(new Resources(2, 384, 1, 1000, 0, ""), amended.resources());
      assertEquals(new LeaseEnd.Fixed(extended), amended.end());
      assertEquals(List.of(2L, 384L), List.of(boxed(cgroupLimits(netnsState, "nm-1"))));
      System.out.println(
          "NetnsModifyThroughControlApiTest: resize + extend answered in " + modifyMillis + " ms");

      // The customer still gets in.
      String out =
          customerKey.ssh(
              running.path("sshHost").asText(), running.path("sshPort").asInt(), "echo still-here");
      assertTrue(out.contains("still-here"), out);

      // Refusals: clear 4xx problems with a stable reason; nothing changes.
      var tooBig = patch(broker, "/v1/sessions/s-nm", "{\"cpus\":3}");
      assertEquals(409, tooBig.statusCode(), tooBig::body);
      assertEquals("resources-do-not-fit", BrokerClient.json(tooBig).path("reason").asText());
      var past =
          broker.post(
              "/v1/sessions/s-nm/modify",
              "{\"leaseEnd\":\"" + Instant.now().minus(Duration.ofHours(1)) + "\"}");
      assertEquals(409, past.statusCode(), past::body);
      assertEquals("lease-end-invalid", BrokerClient.json(past).path("reason").asText());
      var garbled = broker.post("/v1/sessions/s-nm/modify", "{\"leaseEnd\":\"tomorrow\"}");
      assertEquals(400, garbled.statusCode(), garbled::body);
      assertEquals(404, broker.post("/v1/sessions/s-none/modify", "{\"cpus\":1}").statusCode());
      assertEquals(amendedId, daemon.store().require("nm-1").requireSession().agreementId());
      assertEquals(List.of(2L, 384L), List.of(boxed(cgroupLimits(netnsState, "nm-1"))));

      // Shrink by PATCH and end the lease in 2 s: the reconciler releases at the new end.
      Instant soon = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
      var shrunk =
          patch(
              broker,
              "/v1/sessions/s-nm",
              "{\"cpus\":1,\"memoryMib\":128,\"leaseEnd\":\"" + soon + "\"}");
      assertEquals(200, shrunk.statusCode(), shrunk::body);
      assertEquals(List.of(1L, 128L), List.of(boxed(cgroupLimits(netnsState, "nm-1"))));
      String lastId = BrokerClient.json(shrunk).path("agreementId").asText();
      JsonNode released = broker.awaitState("s-nm", "released");
      Instant endedAt = Instant.now();
      assertTrue(!endedAt.isBefore(soon), "released at " + endedAt + ", lease end " + soon);
      assertTrue(
          endedAt.isBefore(soon.plusSeconds(30)),
          "released late: " + endedAt + " for " + soon + " " + released);
      var record = daemon.store().require("nm-1");
      assertEquals(MachineState.READY, record.state());
      assertEquals(
          lastId,
          io.xenia.protocol.records.WipeRecord.open(record.lastWipe().orElseThrow())
              .record()
              .agreementId());

      List<String> states = new ArrayList<>();
      String releasingReason = null;
      var lines = events.get(10, TimeUnit.SECONDS).body().iterator();
      while (!states.contains("released")) {
        String line = lines.next();
        if (line.startsWith("data: ")) {
          JsonNode e = BrokerClient.JSON.readTree(line.substring(6));
          if ("s-nm".equals(e.path("sessionId").asText())) {
            states.add(e.path("state").asText());
            if ("releasing".equals(e.path("state").asText())) {
              releasingReason = e.path("reason").asText();
            }
          }
        }
      }
      // (A reprovision under load would add provisioning/running pairs; the order is what counts.)
      assertEquals(2, states.stream().filter("modified"::equals).count(), states::toString);
      assertTrue(states.indexOf("modified") > states.indexOf("running"), states::toString);
      assertEquals(
          List.of("releasing", "released"),
          states.subList(states.size() - 2, states.size()),
          states::toString);
      assertEquals("lease-ended", releasingReason); // the reconciler ended it at the new end
    } finally {
      CustomerKey.run(List.of("rm", "-rf", "--one-file-system", dir.toString()));
    }
  }

  private static Long[] boxed(long[] v) {
    return Arrays.stream(v).boxed().toArray(Long[]::new);
  }
}
