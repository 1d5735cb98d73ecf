package io.xenia.broker.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.broker.support.ApiClient;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.broker.support.StoredSessions;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.signing.RecordSignature;
import io.xenia.protocol.signing.SignedEnvelope;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks on a real broker and PostgreSQL with a real HTTP receiver on 127.0.0.1: registration
 * with clear errors, the public signing key, order.low-funds once per fall, signed canonical events
 * a customer verifies, retries with backoff after the receiver failed, paused sessions resuming
 * when the order's limit is raised (ledger balanced) or ending funds-exhausted once their grace is
 * over, and a delivery that survives a broker restart. Sessions are stored as the service stores
 * them, on a host without a control endpoint (no host is called); pausing at a real host is
 * deploy's FundsAgainstDaemonTest and host-daemon's NetnsPauseThroughControlApiTest.
 */
class WebhooksApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static BrokerUnderTest broker;
  private static Marketplace market;
  private static Marketplace.Party cora;
  private static Marketplace.Party otto;
  private static WebhookReceiver receiver;
  private static Path keyDir;

  @BeforeAll
  static void start() throws Exception {
    keyDir = Files.createTempDirectory("xenia-webhooks-key");
    broker =
        BrokerUnderTest.start(
            "webhooks_api",
            Map.of(
                "xenia.sessions.expiry-sweep-interval", "200ms",
                "xenia.sessions.minimum-period", "2s",
                "xenia.sessions.funds-grace-period", "2s",
                "xenia.sessions.signing-key-file", keyDir.resolve("broker.key").toString(),
                "xenia.webhooks.dispatch-interval", "100ms",
                "xenia.webhooks.first-retry", "300ms",
                "xenia.webhooks.max-retry", "1s",
                "xenia.images.allow-private-urls", "true"));
    market = new Marketplace(broker);
    cora = market.customer("Cora Customer");
    otto = market.customer("Otto Other");
    market.deposit(cora, "100.00", "EUR");
    receiver = new WebhookReceiver(0);
    var set = broker.api().put("/v1/webhook-endpoint", cora.token(), Map.of("url", receiver.url()));
    assertEquals(200, set.status(), set::toString);
  }

  @AfterAll
  static void stop() {
    receiver.close();
    broker.close();
  }

  private static void assertProblem(ApiClient.Response r, int status, String type, String text) {
    assertEquals(status, r.status(), r::toString);
    assertEquals("urn:xenia:problem:" + type, r.body().path("type").asText(), r::toString);
    if (text != null) {
      assertTrue(r.body().toString().contains(text), r::toString);
    }
  }

  /** Verifies a delivery as docs/webhooks.md tells a customer to, and returns the event. */
  private static JsonNode verified(WebhookReceiver.Received r) throws Exception {
    var key = broker.api().get("/v1/webhooks/signing-key", null).body();
    Ed25519PublicKey broker = Ed25519PublicKey.fromBase64Url(key.path("publicKey").asText());
    SignedEnvelope envelope = SignedEnvelope.fromJson(r.body());
    assertEquals("webhook-event", envelope.type());
    boolean signed = false;
    for (RecordSignature s : envelope.signatures()) {
      signed |=
          s.signer().equals(broker)
              && broker.verify(
                  SignedEnvelope.signingInput("webhook-event", envelope.body()), s.signature());
    }
    assertTrue(signed, "signed by the broker's key");
    JsonNode event = JSON.readTree(envelope.body());
    assertEquals(r.header("Xenia-Webhook-Id"), event.path("id").asText());
    assertEquals(r.header("Xenia-Webhook-Type"), event.path("type").asText());
    assertEquals(cora.id().toString(), event.path("accountId").asText());
    assertNotNull(Instant.parse(event.path("createdAt").asText()));
    return event;
  }

  /** A session of Cora's stored as after admission, paused ones until now + graceUntil. */
  private static UUID store(
      String order, long perHourMicros, long reservedMicros, String state, String graceUntil)
      throws Exception {
    return new StoredSessions(broker, market)
        .store(
            cora,
            order,
            perHourMicros,
            reservedMicros,
            state,
            "interval '0'",
            null,
            state.equals("paused") ? graceUntil : null);
  }

  private static JsonNode awaitState(UUID session, String state) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    var view = broker.api().get("/v1/sessions/" + session, cora.token()).body();
    while (!view.path("state").asText().equals(state) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      view = broker.api().get("/v1/sessions/" + session, cora.token()).body();
    }
    assertEquals(state, view.path("state").asText(), view::toString);
    return view;
  }

  private static List<String> eventKinds(UUID session) {
    List<String> kinds = new ArrayList<>();
    broker
        .api()
        .get("/v1/sessions/" + session + "/events", cora.token())
        .body()
        .forEach(e -> kinds.add(e.path("kind").asText()));
    return kinds;
  }

  @Test
  void anEndpointIsRegisteredWithClearErrorsAndTheSigningKeyIsPublic() {
    var api = broker.api();
    assertProblem(
        api.put("/v1/webhook-endpoint", otto.token(), Map.of()), 400, "validation-failed", "url");
    assertProblem(
        api.put("/v1/webhook-endpoint", otto.token(), Map.of("url", "ftp://example.com/x")),
        400,
        "validation-failed",
        "http(s)");
    assertProblem(
        api.put("/v1/webhook-endpoint", otto.token(), Map.of("url", "https://me@example.com/x")),
        400,
        "validation-failed",
        "user info");
    assertProblem(
        api.put("/v1/webhook-endpoint", otto.token(), Map.of("url", "not a url")),
        400,
        "validation-failed",
        "url");
    assertProblem(api.get("/v1/webhook-endpoint", otto.token()), 404, "not-found", null);
    assertProblem(api.delete("/v1/webhook-endpoint", otto.token()), 404, "not-found", null);
    assertEquals(
        receiver.url(), api.get("/v1/webhook-endpoint", cora.token()).body().path("url").asText());
    assertEquals(401, api.get("/v1/webhook-endpoint", null).status());
    var key = api.get("/v1/webhooks/signing-key", null);
    assertEquals(200, key.status(), key::toString);
    assertEquals("ed25519", key.body().path("algorithm").asText());
    assertEquals(43, key.body().path("publicKey").asText().length());
  }

  @Test
  void aLowOrderIsNotifiedOnceWithASignedEventRetriedUntilTheReceiverTakesIt() throws Exception {
    // 10.00 EUR, threshold 9.00: a session holding 2.00 leaves 8.00 free.
    var created =
        broker
            .api()
            .post(
                "/v1/purchase-orders",
                cora.token(),
                Map.of(
                    "amountLimit", Map.of("amount", "10.00", "currency", "EUR"),
                    "expiresAt", Instant.now().plusSeconds(3600).toString(),
                    "lowFundsThreshold", Map.of("amount", "9.00", "currency", "EUR")));
    assertEquals(201, created.status(), created::toString);
    assertEquals("9.00", created.body().path("lowFundsThreshold").path("amount").asText());
    String order = created.body().path("id").asText();
    receiver.failNext.set(2);
    long t0 = System.currentTimeMillis();
    store(order, 400_000, 2_000_000, "running", null);
    var first = receiver.next("order.low-funds", 15);
    var second = receiver.next("order.low-funds", 15);
    var third = receiver.next("order.low-funds", 15);
    assertEquals(List.of(500, 500, 204), List.of(first.status(), second.status(), third.status()));
    // One event, three attempts: same id, same signed bytes.
    assertEquals(first.header("Xenia-Webhook-Id"), third.header("Xenia-Webhook-Id"));
    assertTrue(java.util.Arrays.equals(first.body(), third.body()));
    assertEquals("3", third.header("Xenia-Webhook-Attempt"));
    assertTrue(third.arrivedAtMillis() - second.arrivedAtMillis() >= 500, "backoff doubles");
    JsonNode event = verified(third);
    assertEquals("order.low-funds", event.path("type").asText());
    assertEquals(order, event.path("data").path("purchaseOrderId").asText());
    assertEquals(
        0,
        new BigDecimal("8.00").compareTo(new BigDecimal(event.path("data").path("free").asText())));
    assertEquals(
        0,
        new BigDecimal("9.00")
            .compareTo(new BigDecimal(event.path("data").path("threshold").asText())));
    System.out.println(
        "WebhooksApiTest: low-funds first attempt "
            + (first.arrivedAtMillis() - t0)
            + " ms after the session was stored; delivered on attempt 3 after "
            + (third.arrivedAtMillis() - t0)
            + " ms");
    // Delivered once: the deliveries list says so, and no second low-funds event comes.
    Thread.sleep(1000);
    var deliveries = broker.api().get("/v1/webhook-deliveries", cora.token()).body();
    int lowFunds = 0;
    for (JsonNode d : deliveries) {
      if (d.path("type").asText().equals("order.low-funds")
          && d.path("id").asText().equals(event.path("id").asText())) {
        assertEquals("delivered", d.path("status").asText(), d::toString);
        assertEquals(3, d.path("attempts").asInt());
      }
      lowFunds += d.path("type").asText().equals("order.low-funds") ? 1 : 0;
    }
    assertEquals(1, lowFunds, deliveries::toString);
    // A new threshold of 0 turns it off; the limit cannot shrink; another customer's order 404.
    assertProblem(
        broker
            .api()
            .send(
                "PATCH",
                "/v1/purchase-orders/" + order,
                cora.token(),
                Map.of("amountLimit", Map.of("amount", "5.00", "currency", "EUR")),
                Map.of()),
        400,
        "validation-failed",
        "amountLimit");
    assertProblem(
        broker
            .api()
            .send(
                "PATCH",
                "/v1/purchase-orders/" + order,
                cora.token(),
                Map.of("lowFundsThreshold", Map.of("amount", "1.00", "currency", "USD")),
                Map.of()),
        400,
        "validation-failed",
        "lowFundsThreshold");
    assertProblem(
        broker
            .api()
            .send(
                "PATCH",
                "/v1/purchase-orders/" + order,
                otto.token(),
                Map.of("lowFundsThreshold", Map.of("amount", "0", "currency", "EUR")),
                Map.of()),
        404,
        "not-found",
        null);
    assertProblem(
        broker
            .api()
            .send("PATCH", "/v1/purchase-orders/" + order, cora.token(), Map.of(), Map.of()),
        400,
        "validation-failed",
        "amountLimit");
  }

  @Test
  void aPausedSessionResumesWhenTheLimitIsRaisedAndAnotherEndsWhenItsGraceIsOver()
      throws Exception {
    // 360.00 EUR/h = 0.10 EUR/s; a period (2 s) is 0.20. The order (1.00) has 0.10 free: paused.
    String order = market.order(cora, "1.00", "EUR").body().path("id").asText();
    UUID waiting = store(order, 360_000_000L, 900_000, "paused", "interval '1 hour'");
    Thread.sleep(600); // a few sweeps: still paused, nothing accrues
    var paused = awaitState(waiting, "paused");
    assertEquals("0.00", paused.path("accrued").path("amount").asText(), paused::toString);
    assertNotNull(paused.path("graceUntil").asText(null), paused::toString);
    // Raise the limit to 2.00: 1.00 more ring-fenced (one balanced entry), then it resumes.
    var raised =
        broker
            .api()
            .send(
                "PATCH",
                "/v1/purchase-orders/" + order,
                cora.token(),
                Map.of("amountLimit", Map.of("amount", "2.00", "currency", "EUR")),
                Map.of());
    assertEquals(200, raised.status(), raised::toString);
    assertEquals("2.00", raised.body().path("amountLimit").path("amount").asText());
    long raisedAt = System.currentTimeMillis();
    var resumed = verified(receiver.next("session.resumed", 15));
    System.out.println(
        "WebhooksApiTest: session.resumed delivered "
            + (System.currentTimeMillis() - raisedAt)
            + " ms after the limit was raised");
    assertEquals(waiting.toString(), resumed.path("data").path("sessionId").asText());
    var running = awaitState(waiting, "running");
    assertTrue(running.path("pausedAt").isMissingNode() || running.path("pausedAt").isNull());
    assertTrue(eventKinds(waiting).contains("resumed"), eventKinds(waiting)::toString);
    assertEquals(200, broker.api().get("/v1/ledger/check", broker.adminToken()).status());
    // Ending it: session.ended with the customer's reason.
    assertEquals(200, broker.api().delete("/v1/sessions/" + waiting, cora.token()).status());
    var ended = verified(receiver.next("session.ended", 15));
    assertEquals("customer", ended.path("data").path("reason").asText());

    // Another paused session whose grace ends in 1 s and whose order stays short: it ends.
    String short_ = market.order(cora, "1.00", "EUR").body().path("id").asText();
    UUID doomed = store(short_, 360_000_000L, 900_000, "paused", "interval '1 second'");
    var exhausted = verified(receiver.next("session.ended", 15));
    assertEquals(doomed.toString(), exhausted.path("data").path("sessionId").asText());
    assertEquals("funds-exhausted", exhausted.path("data").path("reason").asText());
    assertTrue(
        exhausted.path("data").path("detail").asText().contains("grace period"),
        exhausted::toString);
    var view = awaitState(doomed, "ended");
    assertEquals("funds-exhausted", view.path("endReason").asText());
    // Paused all its life: nothing (to within the clocks' skew) accrued.
    assertTrue(
        new BigDecimal(view.path("accrued").path("amount").asText())
                .compareTo(new BigDecimal("0.001"))
            < 0,
        view::toString);
  }

  @Test
  void aDeliveryPendingWhenTheBrokerStopsIsDeliveredAfterItsRestart() throws Exception {
    String order = market.order(cora, "5.00", "EUR").body().path("id").asText();
    UUID session = store(order, 400_000, 400_000, "running", null);
    receiver.close(); // the customer's endpoint is down
    int port = receiver.port();
    assertEquals(200, broker.api().delete("/v1/sessions/" + session, cora.token()).status());
    // Wait for a failed attempt, then restart the broker while the event is pending.
    long deadline = System.currentTimeMillis() + 10_000;
    JsonNode pending = null;
    while (System.currentTimeMillis() < deadline && pending == null) {
      for (JsonNode d : broker.api().get("/v1/webhook-deliveries", cora.token()).body()) {
        if (d.path("type").asText().equals("session.ended")
            && d.path("status").asText().equals("pending")
            && d.path("attempts").asInt() >= 1) {
          pending = d;
        }
      }
      Thread.sleep(50);
    }
    assertNotNull(pending, "a failed attempt is recorded");
    broker.restart();
    receiver = new WebhookReceiver(port);
    var delivered = receiver.next("session.ended", 20);
    assertEquals(pending.path("id").asText(), delivered.header("Xenia-Webhook-Id"));
    assertEquals(session.toString(), verified(delivered).path("data").path("sessionId").asText());
  }
}
