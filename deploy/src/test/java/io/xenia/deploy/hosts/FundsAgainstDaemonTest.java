package io.xenia.deploy.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.signing.RecordSignature;
import io.xenia.protocol.signing.SignedEnvelope;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 §2 "Money" end to end: a real broker, {@code host-daemon run} as a child process with a
 * fake machine at 360.00 EUR/h (0.10 EUR/s), and a customer with a webhook receiver on 127.0.0.1.
 * An open-ended session on a 0.50 EUR order runs out: the customer gets order.low-funds, the
 * session is paused (session.paused, the daemon's audit log records the pause through its control
 * API), the customer raises the order's limit and it resumes (session.resumed, the daemon resumes
 * the machine); left to run out again with nothing raised, it is paused and then ended
 * funds-exhausted once the grace period is over (session.ended), never beyond what was held.
 */
class FundsAgainstDaemonTest {
  private static final Duration INTERVAL = Duration.ofMillis(500);
  @TempDir static Path tmp;
  private static BrokerUnderTest broker;
  private static HostDaemonProcess daemon;
  private static HttpServer receiver;
  private static final BlockingQueue<byte[]> hooks = new LinkedBlockingQueue<>();
  private static CustomerUnderTest customer;
  private static String customerKey;
  private static Path audit;

  @BeforeAll
  static void start() throws Exception {
    broker =
        BrokerUnderTest.start(
            tmp,
            INTERVAL,
            2,
            4,
            Duration.ofMillis(100),
            Map.of(
                "xenia.sessions.minimum-period", "2s",
                "xenia.sessions.funds-grace-period", "3s",
                "xenia.webhooks.dispatch-interval", "100ms",
                "xenia.images.allow-private-urls", "true"));
    Path dir = tmp.resolve("host");
    BrokerUnderTest.Host host =
        broker.startHost(
            dir,
            "funds-host",
            "defaults:",
            "  driver: fake",
            "  location: {region: eu-west-1}",
            "  prices: {currency: EUR, perHour: 360.00}",
            "machines:",
            "  - id: pricey",
            "    facts: {cpuCores: 2, memoryMiB: 1024}");
    daemon = host.daemon();
    audit = dir.resolve("state").resolve("audit.log");
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    receiver.createContext(
        "/hooks",
        exchange -> {
          try (exchange) {
            hooks.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(204, -1);
          }
        });
    receiver.start();
    customer = CustomerUnderTest.register(broker, "Cora Customer", "100.00");
    customer.describeFailuresWith(daemon.output()::toString);
    customerKey = customer.key;
    broker.call(
        "PUT",
        "/v1/webhook-endpoint",
        customerKey,
        Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks"),
        200);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (receiver != null) {
      receiver.stop(0);
    }
    if (daemon != null) {
      daemon.kill();
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** The next webhook of that type, its signature checked with the broker's public key. */
  private static JsonNode nextHook(String type, int seconds) throws Exception {
    Ed25519PublicKey key =
        Ed25519PublicKey.fromBase64Url(
            broker
                .call("GET", "/v1/webhooks/signing-key", null, null, 200)
                .path("publicKey")
                .asText());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      byte[] body = hooks.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (body == null) {
        throw new AssertionError("no " + type + " webhook within " + seconds + " s");
      }
      SignedEnvelope envelope = SignedEnvelope.fromJson(body);
      RecordSignature s = envelope.signatures().get(0);
      assertEquals(key, s.signer());
      assertTrue(
          key.verify(SignedEnvelope.signingInput("webhook-event", envelope.body()), s.signature()));
      JsonNode event = BrokerUnderTest.JSON.readTree(envelope.body());
      if (event.path("type").asText().equals(type)) {
        return event;
      }
    }
  }

  private static JsonNode awaitState(String id, String wanted, int seconds) throws Exception {
    JsonNode s = customer.awaitState(id, wanted, Duration.ofSeconds(seconds));
    assertEquals(wanted, s.path("state").asText(), s::toString);
    return s;
  }

  private static long auditCount(String kind, String session) throws Exception {
    if (!Files.exists(audit)) {
      return 0;
    }
    return Files.readAllLines(audit).stream()
        .filter(l -> l.contains("\"" + kind + "\"") && l.contains(session))
        .count();
  }

  @Test
  void aSessionRunningOutIsPausedResumedWhenTheLimitIsRaisedThenEndedAfterItsGrace()
      throws Exception {
    String order =
        broker
            .call(
                "POST",
                "/v1/purchase-orders",
                customerKey,
                Map.of(
                    "amountLimit", Map.of("amount", "0.50", "currency", "EUR"),
                    "expiresAt", Instant.now().plus(Duration.ofDays(1)).toString(),
                    // Notify below 0.35 free: once the first period (0.20) is held.
                    "lowFundsThreshold", Map.of("amount", "0.35", "currency", "EUR")),
                201)
            .path("id")
            .asText();
    Map<String, Object> request =
        Map.of(
            "purchaseOrderId",
            order,
            "query",
            "cpu>=2",
            "sshPublicKeys",
            List.of(customer.sshPublicKey));
    JsonNode created = customer.createSession(request);
    String id = created.path("sessions").get(0).path("id").asText();
    awaitState(id, "running", 30);
    // 0.20 held at first, 0.20 more once: then 0.10 free is not a period.
    assertEquals(
        order, nextHook("order.low-funds", 20).path("data").path("purchaseOrderId").asText());
    JsonNode paused = nextHook("session.paused", 20);
    long pausedSeenAt = System.nanoTime();
    assertEquals(id, paused.path("data").path("sessionId").asText());
    assertEquals("funds-exhausted", paused.path("data").path("reason").asText());
    JsonNode view = awaitState(id, "paused", 10);
    long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (auditCount("session-paused", id) == 0 && System.nanoTime() < wait) {
      Thread.sleep(20);
    }
    assertTrue(auditCount("session-paused", id) > 0, "the daemon paused the machine");
    String accruedWhilePaused = view.path("accrued").path("amount").asText();
    Thread.sleep(1000);
    assertEquals(
        accruedWhilePaused,
        broker
            .call("GET", "/v1/sessions/" + id, customerKey, null, 200)
            .path("accrued")
            .path("amount")
            .asText(),
        "nothing accrues while paused");

    // The customer raises the limit: it resumes at the broker and at the host.
    broker.call(
        "PATCH",
        "/v1/purchase-orders/" + order,
        customerKey,
        Map.of("amountLimit", Map.of("amount", "0.80", "currency", "EUR")),
        200);
    long raised = System.nanoTime();
    assertEquals(id, nextHook("session.resumed", 20).path("data").path("sessionId").asText());
    long resumedHookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - raised);
    awaitState(id, "running", 10);
    wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (auditCount("session-resumed", id) == 0 && System.nanoTime() < wait) {
      Thread.sleep(20);
    }
    assertTrue(auditCount("session-resumed", id) > 0, "the daemon resumed the machine");

    // Nothing more comes: paused again, then ended once the 3 s grace is over.
    nextHook("session.paused", 30);
    JsonNode ended = nextHook("session.ended", 30);
    assertEquals("funds-exhausted", ended.path("data").path("reason").asText());
    JsonNode last = awaitState(id, "ended", 10);
    assertEquals("funds-exhausted", last.path("endReason").asText());
    List<String> kinds = new ArrayList<>();
    broker
        .call("GET", "/v1/sessions/" + id + "/events", customerKey, null, 200)
        .forEach(e -> kinds.add(e.path("kind").asText()));
    assertEquals(
        List.of(
            "requested",
            "admitted",
            "provisioning",
            "running",
            "paused",
            "resumed",
            "paused",
            "ended"),
        kinds.stream().filter(k -> !k.equals("funds-held")).toList(),
        kinds::toString);
    // Never beyond what the order held: 0.80 in all.
    assertTrue(
        new java.math.BigDecimal(last.path("accrued").path("amount").asText())
                .compareTo(new java.math.BigDecimal("0.80"))
            <= 0,
        last::toString);
    System.out.println(
        "FundsAgainstDaemonTest: session.resumed webhook "
            + resumedHookMillis
            + " ms after the limit was raised; paused for "
            + TimeUnit.NANOSECONDS.toMillis(raised - pausedSeenAt)
            + " ms; events "
            + kinds);
  }
}
