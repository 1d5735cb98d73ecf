package io.xenia.broker.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.support.ApiClient;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.broker.support.StoredSessions;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sessions API on a real broker and PostgreSQL, without hosts: what is refused before any host
 * is asked (bad input, scopes, someone else's order, no machine), that a refused request leaves no
 * session behind, and that sessions are invisible across customers. Leasing itself runs against a
 * real host daemon in deploy's SessionsAgainstDaemonTest.
 */
class SessionsApiTest {
  private static BrokerUnderTest broker;
  private static Marketplace market;
  private static Marketplace.Party cora;
  private static Marketplace.Party otto;
  private static String coraOrder;
  private static String sshKey;

  @BeforeAll
  static void start() throws Exception {
    broker =
        BrokerUnderTest.start(
            "sessions_api",
            Map.of(
                "xenia.sessions.expiry-sweep-interval", "200ms",
                "xenia.sessions.minimum-period", "2s"));
    market = new Marketplace(broker);
    cora = market.customer("Cora Customer");
    otto = market.customer("Otto Other");
    market.deposit(cora, "50.00", "EUR");
    coraOrder = market.order(cora, "10.00", "EUR").body().path("id").asText();
    sshKey = SshKeysTest.openSsh(Ed25519KeyPair.generate(new SecureRandom()));
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static Map<String, Object> request(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    m.put("purchaseOrderId", coraOrder);
    m.put("query", "cpu>=2");
    m.put("sshPublicKeys", List.of(sshKey));
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        m.remove((String) pairs[i]);
      } else {
        m.put((String) pairs[i], pairs[i + 1]);
      }
    }
    return m;
  }

  private static void assertProblem(ApiClient.Response r, int status, String type, String field) {
    assertEquals(status, r.status(), r::toString);
    assertEquals("urn:xenia:problem:" + type, r.body().path("type").asText(), r::toString);
    if (field != null) {
      assertTrue(r.body().toString().contains(field), r::toString);
    }
  }

  @Test
  void badRequestsAreRefusedNamingTheField() {
    var api = broker.api();
    assertProblem(
        api.post("/v1/sessions", cora.token(), request("sshPublicKeys", List.of())),
        400,
        "validation-failed",
        "sshPublicKeys");
    assertProblem(
        api.post(
            "/v1/sessions", cora.token(), request("sshPublicKeys", List.of("ssh-rsa AAAAB3 me"))),
        400,
        "validation-failed",
        "sshPublicKeys[0]");
    assertProblem(
        api.post("/v1/sessions", cora.token(), request("query", "cpu>>2")),
        400,
        "validation-failed",
        "query");
    assertProblem(
        api.post(
            "/v1/sessions",
            cora.token(),
            request("hostId", UUID.randomUUID().toString(), "machineId", "m1")),
        400,
        "validation-failed",
        "give either hostId and machineId, or a query");
    assertProblem(
        api.post("/v1/sessions", cora.token(), request("count", 17)),
        400,
        "validation-failed",
        "count");
    assertProblem(
        api.post("/v1/sessions", cora.token(), request("durationSeconds", 5)),
        400,
        "validation-failed",
        "durationSeconds");
    assertProblem(
        api.post("/v1/sessions", cora.token(), request("durationSeconds", 400L * 24 * 3600)),
        400,
        "validation-failed",
        "purchase order expires");
    UUID unknownImage = UUID.randomUUID();
    assertProblem(
        api.post("/v1/sessions", cora.token(), request("imageId", unknownImage.toString())),
        404,
        "not-found",
        unknownImage.toString());
    // A registered rootfs image still uploading cannot be booted: refused before any host.
    var registered =
        api.post(
            "/v1/images",
            cora.token(),
            Map.of(
                "name",
                "half-uploaded",
                "kind",
                "rootfs",
                "parts",
                List.of(
                    Map.of(
                        "name",
                        "rootfs",
                        "sha256",
                        "ab".repeat(32),
                        "sizeBytes",
                        10240,
                        "format",
                        "tar"))));
    assertEquals(201, registered.status(), registered::toString);
    String imageId = registered.body().path("id").asText();
    assertProblem(
        api.post("/v1/sessions", cora.token(), request("imageId", imageId)),
        409,
        "image-not-available",
        "uploading");
    // Another customer's image is not found, whatever its state.
    assertProblem(
        api.post("/v1/sessions", otto.token(), request("imageId", imageId)),
        404,
        "not-found",
        imageId);
  }

  @Test
  void someoneElsesOrderIsNotFoundAndAHostOperatorMayNotLease() {
    assertProblem(
        broker.api().post("/v1/sessions", otto.token(), request()), 404, "not-found", coraOrder);
    var operator = market.register("host-operator", "Hanna Host");
    assertProblem(
        broker.api().post("/v1/sessions", operator.token(), request()),
        403,
        "forbidden",
        "sessions:write");
  }

  @Test
  void noMatchingMachineIsAConflictAndLeavesNothingBehind() throws Exception {
    long before = sessions();
    assertProblem(
        broker
            .api()
            .post("/v1/sessions", cora.token(), request("count", 3, "distinctOwners", true)),
        409,
        "no-machine-available",
        "0 offer(s) matched");
    assertEquals(before, sessions());
  }

  private static long sessions() throws Exception {
    try (var db = broker.jdbc();
        ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM session")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A running session of Cora's stored as after admission ({@link StoredSessions}). */
  private static UUID storeRunning(
      String order, long perHourMicros, long reservedMicros, String leaseStart, String leaseEnd)
      throws Exception {
    return new StoredSessions(broker, market)
        .store(cora, order, perHourMicros, reservedMicros, "running", leaseStart, leaseEnd, null);
  }

  private static com.fasterxml.jackson.databind.JsonNode awaitEnded(UUID session) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    var view = broker.api().get("/v1/sessions/" + session, cora.token());
    while (!view.body().path("state").asText().equals("ended")
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      view = broker.api().get("/v1/sessions/" + session, cora.token());
    }
    return view.body();
  }

  /** Waits until an ended session holds nothing: everything it accrued was charged. */
  private static com.fasterxml.jackson.databind.JsonNode awaitSettled(UUID session)
      throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    var view = broker.api().get("/v1/sessions/" + session, cora.token()).body();
    while (!view.path("reserved").path("amount").asText().equals("0.00")
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      view = broker.api().get("/v1/sessions/" + session, cora.token()).body();
    }
    assertEquals("0.00", view.path("reserved").path("amount").asText(), view::toString);
    assertEquals(
        view.path("accrued").path("amount").asText(),
        view.path("spent").path("amount").asText(),
        view::toString);
    return view;
  }

  @Test
  void aRunningSessionPastItsLeaseEndEndsExpiredAndGivesItsHoldBack() throws Exception {
    UUID session =
        storeRunning(
            coraOrder, 400_000, 400_000, "interval '-1 hour -1 second'", "interval '-1 second'");
    var view = awaitEnded(session);
    assertEquals("ended", view.path("state").asText(), view::toString);
    assertEquals("expired", view.path("endReason").asText());
    assertEquals("0.40", view.path("accrued").path("amount").asText());
    // The whole lease is charged: 0.40 EUR from the order to the host operator.
    assertEquals("0.40", awaitSettled(session).path("spent").path("amount").asText());
    var ledger = broker.api().get("/v1/ledger/check", broker.adminToken());
    assertEquals(200, ledger.status(), ledger::toString);
    var events = broker.api().get("/v1/sessions/" + session + "/events", cora.token()).body();
    assertEquals("ended", events.get(events.size() - 1).path("kind").asText());
    assertEquals("expired", events.get(events.size() - 1).path("reason").asText());
    // Another customer's list does not show it; Cora's does.
    assertEquals(0, broker.api().get("/v1/sessions", otto.token()).body().path("items").size());
    assertTrue(
        broker
            .api()
            .get("/v1/sessions?state=ended", cora.token())
            .body()
            .toString()
            .contains(session.toString()));
  }

  @Test
  void anOpenEndedSessionIsHeldPeriodByPeriodAndEndsFundsExhaustedBeforeItsHoldRunsOut()
      throws Exception {
    // 3600.00 EUR/h = 1.00 EUR/s; the minimum period is 2 s (2.00 EUR); the order has 5.00 EUR.
    String small = market.order(cora, "5.00", "EUR").body().path("id").asText();
    UUID session = storeRunning(small, 3_600_000_000L, 2_000_000, "interval '0'", null);
    var view = awaitEnded(session);
    assertEquals("ended", view.path("state").asText(), view::toString);
    assertEquals("funds-exhausted", view.path("endReason").asText(), view::toString);
    List<String> kinds = new java.util.ArrayList<>();
    broker
        .api()
        .get("/v1/sessions/" + session + "/events", cora.token())
        .body()
        .forEach(e -> kinds.add(e.path("kind").asText()));
    // 2.00 held at the start, 2.00 more once; then 1.00 free is not a period: it is paused, and
    // since its host cannot pause (this one names no control endpoint) it ends at once.
    String events =
        broker.api().get("/v1/sessions/" + session + "/events", cora.token()).body().toString();
    assertEquals(List.of("funds-held", "paused", "ended"), kinds, events);
    assertTrue(events.contains("the host could not pause"), events);
    java.math.BigDecimal accrued =
        new java.math.BigDecimal(view.path("accrued").path("amount").asText());
    // Never ran beyond the 4.00 EUR held.
    assertTrue(accrued.compareTo(new java.math.BigDecimal("4.00")) <= 0, view::toString);
    assertTrue(accrued.compareTo(new java.math.BigDecimal("3.00")) >= 0, view::toString);
  }

  @Test
  void anAdminEndsACustomersSessionWithReasonAdminAndTheCustomerSeesWhy() throws Exception {
    UUID session = storeRunning(coraOrder, 400_000, 400_000, "interval '0'", "interval '1 hour'");
    assertProblem(
        broker.api().delete("/v1/sessions/" + session, otto.token()), 404, "not-found", null);
    var ended = broker.api().delete("/v1/sessions/" + session, broker.adminToken());
    assertEquals(200, ended.status(), ended::toString);
    assertEquals("admin", ended.body().path("endReason").asText());
    var seen = broker.api().get("/v1/sessions/" + session, cora.token()).body();
    assertEquals("ended", seen.path("state").asText());
    assertEquals("admin", seen.path("endReason").asText());
    awaitSettled(session);
    // Ending it again changes nothing.
    var again = broker.api().delete("/v1/sessions/" + session, cora.token());
    assertEquals(200, again.status());
    assertEquals("admin", again.body().path("endReason").asText());
  }

  @Test
  void anOrderPayingForLiveSessionsCannotBeCancelledAndOpenEndedOnesEndBeforeItExpires()
      throws Exception {
    String order = market.order(cora, "3.00", "EUR").body().path("id").asText();
    UUID session = storeRunning(order, 400_000, 400_000, "interval '0'", "interval '1 hour'");
    assertProblem(
        broker.api().post("/v1/purchase-orders/" + order + "/cancel", cora.token(), null),
        409,
        "purchase-order-in-use",
        "1 session(s) live");
    assertEquals(200, broker.api().delete("/v1/sessions/" + session, cora.token()).status());
    // Once what it accrued is charged (the next sweep), the order can go.
    awaitSettled(session);
    var cancelled =
        broker.api().post("/v1/purchase-orders/" + order + "/cancel", cora.token(), null);
    assertEquals(200, cancelled.status(), cancelled::toString);

    // An order that expires in 3 s: its open-ended session ends (funds-exhausted) before then.
    var expiring =
        broker
            .api()
            .post(
                "/v1/purchase-orders",
                cora.token(),
                Map.of(
                    "amountLimit",
                    Map.of("amount", "3.00", "currency", "EUR"),
                    "expiresAt",
                    java.time.Instant.now().plusSeconds(3).toString()));
    assertEquals(201, expiring.status(), expiring::toString);
    String expiringOrder = expiring.body().path("id").asText();
    UUID openEnded = storeRunning(expiringOrder, 400_000, 800_000, "interval '0'", null);
    var view = awaitEnded(openEnded);
    assertEquals("funds-exhausted", view.path("endReason").asText(), view::toString);
    assertTrue(
        java.time.Instant.parse(view.path("endedAt").asText())
            .isBefore(java.time.Instant.parse(expiring.body().path("expiresAt").asText())),
        view::toString);
  }

  @Test
  void theBrokerChargesByDefaultAndDoesNotListenForOverruns() {
    SessionsConfig config = broker.context().getBean(SessionsConfig.class);
    assertEquals(Charging.ACCRUAL, config.mode());
    assertEquals(java.time.Duration.ofMinutes(15), config.meteredSettleWindow());
    assertTrue(broker.context().findBean(OrderOverrunListener.class).isEmpty());
  }

  @Test
  void unknownSessionsAreNotFoundForEveryVerb() {
    String path = "/v1/sessions/" + UUID.randomUUID();
    assertProblem(broker.api().get(path, cora.token()), 404, "not-found", null);
    assertProblem(broker.api().get(path + "/events", cora.token()), 404, "not-found", null);
    assertProblem(broker.api().get(path + "/agreement", cora.token()), 404, "not-found", null);
    assertProblem(broker.api().delete(path, cora.token()), 404, "not-found", null);
    assertProblem(
        broker.api().send("PATCH", path, cora.token(), Map.of("cpus", 2), Map.of()),
        404,
        "not-found",
        null);
    assertProblem(
        broker.api().get("/v1/sessions?state=suspended", cora.token()),
        400,
        "validation-failed",
        "state");
  }

  @Test
  void aWebhookEndpointOnAPrivateAddressIsRefusedByTheSsrfGuard() {
    // This broker does not allow private URLs (xenia.images.allow-private-urls is off).
    for (String url :
        List.of(
            "http://127.0.0.1:9/hooks",
            "https://10.1.2.3/x",
            "http://[::1]/x",
            "http://169.254.169.254/")) {
      assertProblem(
          broker.api().put("/v1/webhook-endpoint", cora.token(), Map.of("url", url)),
          422,
          "webhook-url-refused",
          "private address");
    }
    assertProblem(broker.api().get("/v1/webhook-endpoint", cora.token()), 404, "not-found", null);
  }
}
