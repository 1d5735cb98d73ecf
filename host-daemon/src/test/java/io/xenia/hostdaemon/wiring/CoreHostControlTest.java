package io.xenia.hostdaemon.wiring;

import static io.xenia.hostdaemon.wiring.BrokerClient.admission;
import static io.xenia.hostdaemon.wiring.BrokerClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.hostdaemon.api.ControlApiServer;
import io.xenia.hostdaemon.api.ControlTls;
import io.xenia.hostdaemon.api.RevocationList;
import io.xenia.hostdaemon.api.TestCa;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.fake.FakeDriver;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.Resources;
import io.xenia.protocol.signing.SignedEnvelope;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real control API server over real TLS (clients with certificates of the host CA) in front of
 * the real daemon core with the fake driver: admission through the core's atomic claim, the session
 * lifecycle to the wipe, refusal codes, the event stream from the store.
 */
class CoreHostControlTest {
  private static final Resources WHOLE = new Resources(4, 4096, 10, 1000, 0, "");
  private static final TestCa hostCa = new TestCa("Xenia host CA");
  private static Path dir;
  private static HostDaemon daemon;
  private static ControlApiServer server;
  private static BrokerClient brokerA;
  private static BrokerClient brokerB;
  private static String hostId;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("core-host-control");
    daemon =
        TestHost.start(
            TestHost.parse(TestHost.inventory(dir.resolve("state"), "fake", 7, ""), dir),
            new FakeDriver(Clock.systemUTC()));
    hostId = daemon.hostKey().publicKey().fingerprint();
    var host = hostCa.issue("host-1");
    var tls =
        ControlTls.context(
            host.key().getPrivate(),
            host.certificate(),
            List.of(hostCa.certificate()),
            new RevocationList(List.of(hostCa.certificate())));
    server =
        ControlApiServer.start(
            new InetSocketAddress("127.0.0.1", 0), tls, new CoreHostControl(daemon));
    brokerA = new BrokerClient(hostCa, "broker-a", server.port());
    brokerB = new BrokerClient(hostCa, "broker-b", server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
    daemon.close();
  }

  private static JsonNode awaitState(BrokerClient b, String session, String state)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      var r = b.get("/v1/sessions/" + session);
      last = json(r);
      if (r.statusCode() == 200 && state.equals(last.path("state").asText())) {
        return last;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("session " + session + " never " + state + ", last " + last);
  }

  @Test
  void admitProvisionRunTerminateAndWipe() throws Exception {
    var admitted = brokerA.post("/v1/admissions", admission(hostId, "m1", "s-life", WHOLE, "0.40"));
    assertEquals(201, admitted.statusCode(), admitted::body);
    var envelope =
        SignedEnvelope.fromJson(
            json(admitted).path("agreement").toString().getBytes(StandardCharsets.UTF_8));
    var agreement = envelope.open(Agreement.TYPE);
    assertTrue(agreement.isSignedBy(daemon.hostKey().publicKey()));
    assertEquals("s-life", agreement.record().sessionId());
    assertEquals(MachineState.CLAIMED, daemon.store().require("m1").state());

    var provisioned = brokerA.post("/v1/sessions/s-life/provision", "{}");
    assertEquals(202, provisioned.statusCode(), provisioned::body);
    JsonNode running = awaitState(brokerA, "s-life", "running");
    assertFalse(running.path("sshHost").asText().isEmpty(), running::toString);
    assertTrue(running.path("sshPort").asInt() > 0, running::toString);

    var terminated = brokerA.post("/v1/sessions/s-life/terminate", "{\"reason\":\"customer\"}");
    assertEquals(200, terminated.statusCode(), terminated::body);
    awaitState(brokerA, "s-life", "released");
    assertEquals(MachineState.READY, daemon.store().require("m1").state());
    assertTrue(daemon.store().require("m1").lastWipe().isPresent());
    // Terminating again is answered, not refused: the session is over.
    var again = brokerA.post("/v1/sessions/s-life/terminate", "{}");
    assertEquals("released", json(again).path("state").asText(), again::body);
  }

  /** The issue's concurrency proof: two brokers race for one machine; exactly one agreement. */
  @Test
  void twoBrokersRacingForOneMachineGetExactlyOneAgreement() throws Exception {
    for (int round = 0; round < 3; round++) {
      String machine = "m" + (2 + round);
      int racers = 8;
      var pool = Executors.newFixedThreadPool(racers);
      var start = new CountDownLatch(1);
      try {
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          BrokerClient b = i % 2 == 0 ? brokerA : brokerB;
          String body = admission(hostId, machine, "s-race-" + round + "-" + i, WHOLE, "0.40");
          calls.add(
              () -> {
                start.await();
                return b.post("/v1/admissions", body);
              });
        }
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (var c : calls) {
          futures.add(pool.submit(c));
        }
        start.countDown();
        List<String> winners = new ArrayList<>();
        for (Future<HttpResponse<String>> f : futures) {
          var r = f.get(20, TimeUnit.SECONDS);
          if (r.statusCode() == 201) {
            winners.add(
                SignedEnvelope.fromJson(
                        json(r).path("agreement").toString().getBytes(StandardCharsets.UTF_8))
                    .open(Agreement.TYPE)
                    .record()
                    .sessionId());
          } else {
            assertEquals(409, r.statusCode(), r::body);
            assertEquals("machine-unavailable", json(r).path("reason").asText(), r::body);
          }
        }
        assertEquals(1, winners.size(), winners::toString);
        assertTrue(daemon.store().require(machine).serves(winners.get(0)));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void refusalsCarryTheStableReasonCodes() throws Exception {
    assertEquals(
        "machine-unknown",
        json(brokerA.post("/v1/admissions", admission(hostId, "nope", "s-r1", WHOLE, "0.40")))
            .path("reason")
            .asText());
    assertEquals(
        "price-below-minimum",
        json(brokerA.post("/v1/admissions", admission(hostId, "m5", "s-r2", WHOLE, "0.10")))
            .path("reason")
            .asText());
    var tooBig = new Resources(64, 4096, 10, 1000, 0, "");
    assertEquals(
        "insufficient-capacity",
        json(brokerA.post("/v1/admissions", admission(hostId, "m5", "s-r3", tooBig, "0.40")))
            .path("reason")
            .asText());
    String otherHost = BrokerClient.CUSTOMER.publicKey().fingerprint();
    assertEquals(
        "invalid-proposal",
        json(brokerA.post("/v1/admissions", admission(otherHost, "m5", "s-r4", WHOLE, "0.40")))
            .path("reason")
            .asText());
    assertEquals(404, brokerA.post("/v1/sessions/s-none/provision", "{}").statusCode());
    assertEquals(MachineState.READY, daemon.store().require("m5").state());
  }

  @Test
  void theEventStreamCarriesTheStoresTransitions() throws Exception {
    var stream =
        brokerB.http.sendAsync(
            HttpRequest.newBuilder(brokerB.uri("/v1/events?after=0")).GET().build(),
            HttpResponse.BodyHandlers.ofLines());
    assertEquals(
        201,
        brokerB
            .post("/v1/admissions", admission(hostId, "m6", "s-events", WHOLE, "0.40"))
            .statusCode());
    assertEquals(202, brokerB.post("/v1/sessions/s-events/provision", "{}").statusCode());
    awaitState(brokerB, "s-events", "running");
    brokerB.post("/v1/sessions/s-events/terminate", "{}");
    var lines = stream.get(10, TimeUnit.SECONDS);
    List<String> states = new ArrayList<>();
    var it = lines.body().iterator();
    long deadline = System.currentTimeMillis() + 10_000;
    while (!states.contains("released") && System.currentTimeMillis() < deadline) {
      String line = it.next();
      if (line.startsWith("data: ")) {
        JsonNode e = BrokerClient.JSON.readTree(line.substring(6));
        if ("s-events".equals(e.path("sessionId").asText())) {
          states.add(e.path("state").asText());
        }
      }
    }
    lines.body().close();
    assertEquals(
        List.of("claimed", "provisioning", "running", "releasing", "released"),
        states,
        states::toString);
  }

  /** A provision request's further keys join the agreement's key on the machine; bad ones 400. */
  @Test
  void furtherSshKeysReachTheMachinesAuthorizedKeys() throws Exception {
    var admitted = brokerA.post("/v1/admissions", admission(hostId, "m7", "s-keys", WHOLE, "0.40"));
    assertEquals(201, admitted.statusCode(), admitted::body);
    String dana =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl dana";
    var smuggled =
        brokerA.post(
            "/v1/sessions/s-keys/provision",
            "{\"sshPublicKeys\":[\"command=\\\"rm\\\" " + dana + "\"]}");
    assertEquals(400, smuggled.statusCode(), smuggled::body);
    assertEquals(MachineState.CLAIMED, daemon.store().require("m7").state());
    var provisioned =
        brokerA.post("/v1/sessions/s-keys/provision", "{\"sshPublicKeys\":[\"" + dana + "\"]}");
    assertEquals(202, provisioned.statusCode(), provisioned::body);
    List<String> keys = daemon.store().require("m7").requireSession().sshPublicKeys();
    assertEquals(2, keys.size(), keys::toString);
    assertTrue(keys.get(0).startsWith("ssh-ed25519 "), keys::toString);
    assertEquals(dana, keys.get(1));
    awaitState(brokerA, "s-keys", "running");
    brokerA.post("/v1/sessions/s-keys/terminate", "{\"reason\":\"customer\"}");
  }
}
