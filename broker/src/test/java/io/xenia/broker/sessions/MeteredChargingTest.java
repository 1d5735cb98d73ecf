package io.xenia.broker.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenia.broker.support.BillingContract;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.broker.support.StoredSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker in {@code metered} charging on a real PostgreSQL, with the billing service's writes
 * performed by {@link BillingContract} exactly as docs/billing.md documents them: the broker holds
 * but charges nothing; billing's charges move the session's spent and hold and the order's balance;
 * a hold eaten by usage beyond the accrued time (egress) is held again; an ended session keeps its
 * remainder until the settle window has passed; and billing's {@code NOTIFY xenia_order_overrun}
 * pauses or ends the order's sessions within about a second although the periodic sweeps run once
 * an hour (the test runs the sweep itself where it needs one). Sessions are stored as the service
 * stores them, on hosts without a control endpoint (no host is called).
 */
class MeteredChargingTest {
  private static final long PER_HOUR = 3_600_000; // 3.60 EUR/h = 0.001 EUR/s
  private static final long SETTLE_MS = 4_000;
  private static BrokerUnderTest broker;
  private static Marketplace market;
  private static Marketplace.Party cora;
  private static BillingContract billing;

  @BeforeAll
  static void start() throws Exception {
    broker =
        BrokerUnderTest.start(
            "metered_charging",
            Map.of(
                "xenia.sessions.charging", "metered",
                "xenia.sessions.metered-settle-window", SETTLE_MS + "ms",
                "xenia.sessions.expiry-sweep-interval", "1h",
                "xenia.sessions.minimum-period", "1h"));
    market = new Marketplace(broker);
    cora = market.customer("Cora Customer");
    market.deposit(cora, "200.00", "EUR");
    billing = new BillingContract(broker);
    assertTrue(broker.context().getBean(SessionsConfig.class).metered());
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private static String order(String amount) {
    return market.order(cora, amount, "EUR").body().path("id").asText();
  }

  private static UUID running(String order, long reservedMicros, String leaseStart)
      throws Exception {
    return new StoredSessions(broker, market)
        .store(cora, order, PER_HOUR, reservedMicros, "running", leaseStart, null, null);
  }

  /** One pass of the funds sweep (the scheduled one runs once an hour here). */
  private static void sweep() {
    broker.context().getBean(LeaseExpiry.class).sweep();
  }

  private static JsonNode view(UUID session) {
    return broker.api().get("/v1/sessions/" + session, cora.token()).body();
  }

  private static long[] heldAndSpent(UUID session) throws Exception {
    try (var db = broker.jdbc();
        var q =
            db.prepareStatement("SELECT reserved_micros, spent_micros FROM session WHERE id = ?")) {
      q.setObject(1, session);
      var rs = q.executeQuery();
      assertTrue(rs.next());
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }

  /** Charge entries on the order made by anyone but the billing service (the broker's own). */
  private static long brokerCharges(String order) throws Exception {
    try (var db = broker.jdbc();
        var q =
            db.prepareStatement(
                "SELECT count(*) FROM journal_entry WHERE kind = 'purchase-order-charge'"
                    + " AND purchase_order_id = ? AND created_by <> ?")) {
      q.setObject(1, UUID.fromString(order));
      q.setObject(2, BillingContract.BILLING_ACCOUNT);
      var rs = q.executeQuery();
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String remaining(String order) {
    return broker
        .api()
        .get("/v1/purchase-orders/" + order, cora.token())
        .body()
        .path("remaining")
        .path("amount")
        .asText();
  }

  private static List<JsonNode> events(UUID session) {
    List<JsonNode> all = new ArrayList<>();
    broker.api().get("/v1/sessions/" + session + "/events", cora.token()).body().forEach(all::add);
    return all;
  }

  private static List<String> kinds(UUID session) {
    return events(session).stream().map(e -> e.path("kind").asText()).toList();
  }

  private static void assertLedgerBalanced() {
    assertEquals(200, broker.api().get("/v1/ledger/check", broker.adminToken()).status());
  }

  @Test
  void anUnknownChargingModeStopsTheBrokerFromStartingNamingTheKey() {
    RuntimeException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            RuntimeException.class,
            () ->
                BrokerUnderTest.start(
                        "metered_bad_mode", Map.of("xenia.sessions.charging", "monthly"))
                    .close());
    String all = refused.toString();
    for (Throwable t = refused.getCause(); t != null; t = t.getCause()) {
      all += "\n" + t;
    }
    assertTrue(all.contains("charging") && all.contains("monthly"), all);
  }

  @Test
  void billingChargesOutOfTheHoldAndTheBrokerChargesNothing() throws Exception {
    String order = order("20.00");
    // 20 minutes in at 3.60/h: 1.20 accrued, one period (3.60) held.
    UUID session = running(order, PER_HOUR, "interval '-20 minutes'");
    sweep();
    assertEquals(0, brokerCharges(order), "the broker charges nothing in metered mode");
    assertEquals(0, heldAndSpent(session)[1]);
    assertEquals("20.00", remaining(order));

    var first = billing.charge(session, 1_000_000, "usage " + session + " #1");
    assertEquals(new BillingContract.Charged(1_000_000, 0), first);
    JsonNode v = view(session);
    assertEquals("1.00", v.path("spent").path("amount").asText(), v::toString);
    assertEquals("2.60", v.path("reserved").path("amount").asText(), v::toString);
    assertEquals("19.00", remaining(order));
    sweep();
    assertEquals(0, brokerCharges(order));
    assertEquals(1_000_000, heldAndSpent(session)[1], "billing's charge stands alone");

    // Usage beyond the time accrued (network egress): spent exceeds accrued, the hold is gone ...
    billing.charge(session, 5_000_000, "usage " + session + " #2 (egress)");
    assertEquals(0, heldAndSpent(session)[0]);
    assertEquals(6_000_000, heldAndSpent(session)[1]);
    assertEquals("14.00", remaining(order));
    // ... and the funds rule holds another period (nothing accrued is unpaid).
    sweep();
    assertEquals(PER_HOUR, heldAndSpent(session)[0]);
    assertEquals("running", view(session).path("state").asText());
    assertEquals(List.of("funds-held"), kinds(session));
    assertEquals(0, brokerCharges(order));
    assertLedgerBalanced();
  }

  @Test
  void anEndedSessionHoldsItsRemainderUntilTheSettleWindowHasPassed() throws Exception {
    String order = order("20.00");
    UUID session = running(order, PER_HOUR, "interval '-20 minutes'");
    billing.charge(session, 500_000, "usage " + session + " #1");
    var ended = broker.api().delete("/v1/sessions/" + session, cora.token());
    assertEquals(200, ended.status(), ended::toString);
    long endedAtMs = System.currentTimeMillis();
    // Held: what it accrued (about 1.20) less what billing charged (0.50).
    long remainder = heldAndSpent(session)[0];
    assertTrue(remainder > 600_000 && remainder < 800_000, "remainder " + remainder);
    sweep();
    assertEquals(remainder, heldAndSpent(session)[0], "held within the settle window");
    assertEquals(0, brokerCharges(order));

    // Billing's last record arrives and is charged out of the hold.
    billing.charge(session, 400_000, "usage " + session + " #2 (last)");
    assertEquals(remainder - 400_000, heldAndSpent(session)[0]);
    var cancel = broker.api().post("/v1/purchase-orders/" + order + "/cancel", cora.token(), null);
    assertEquals(409, cancel.status(), "an order still holding for a session is in use");

    Thread.sleep(Math.max(0, endedAtMs + SETTLE_MS + 200 - System.currentTimeMillis()));
    sweep();
    assertEquals(0, heldAndSpent(session)[0]);
    assertEquals(900_000, heldAndSpent(session)[1]);
    List<JsonNode> events = events(session);
    JsonNode last = events.get(events.size() - 1);
    assertEquals("funds-released", last.path("kind").asText(), events::toString);
    assertEquals("19.10", remaining(order));
    assertEquals(0, brokerCharges(order));
    assertLedgerBalanced();
  }

  @Test
  void anOverrunNotifiedByBillingPausesOrEndsTheOrdersSessionsWithinASecond() throws Exception {
    String order = order("5.00");
    UUID running = running(order, 2_000_000, "interval '0'");
    UUID provisioning =
        new StoredSessions(broker, market)
            .store(cora, order, PER_HOUR, 2_000_000, "provisioning", "interval '0'", null, null);
    UUID elsewhere = running(order("5.00"), 2_000_000, "interval '0'");

    // 7.00 of usage against an order holding 5.00: 5.00 charged, 2.00 overrun, NOTIFY.
    long t0 = System.nanoTime();
    var charged = billing.charge(running, 7_000_000, "usage " + running + " #1 (egress)");
    assertEquals(new BillingContract.Charged(5_000_000, 2_000_000), charged);

    long pausedMs = awaitEvent(running, "paused", t0);
    long endedMs = awaitEvent(provisioning, "ended", t0);
    System.out.println(
        "MeteredChargingTest: after billing's overrun NOTIFY the running session paused in "
            + pausedMs
            + " ms, the provisioning one ended in "
            + endedMs
            + " ms (sweeps once an hour)");
    assertTrue(pausedMs < 2_000 && endedMs < 2_000, pausedMs + " / " + endedMs + " ms");
    JsonNode paused =
        events(running).stream()
            .filter(e -> e.path("kind").asText().equals("paused"))
            .findFirst()
            .orElseThrow();
    assertEquals("funds-exhausted", paused.path("reason").asText());
    assertEquals("funds-exhausted", view(provisioning).path("endReason").asText());
    // The running session's host cannot be asked to pause (no endpoint): ended at exhaustion.
    awaitEvent(running, "ended", t0);
    // Another order's session is not touched.
    assertEquals("running", view(elsewhere).path("state").asText());
    assertEquals(List.of(), kinds(elsewhere));
    assertEquals("0.00", remaining(order));
    assertLedgerBalanced();
  }

  @Test
  void aFixedLeaseHoldsAgainWhatEgressTookAndPausesOnAnOverrun() throws Exception {
    String order = order("50.00");
    // Ten hours at 3.60/h, held whole (36.00) as the service holds a fixed lease.
    UUID session =
        new StoredSessions(broker, market)
            .store(
                cora,
                order,
                PER_HOUR,
                36_000_000,
                "running",
                "interval '0'",
                "interval '10 hours'",
                null);
    billing.charge(session, 10_000_000, "usage " + session + " #1 (egress)");
    assertEquals(26_000_000, heldAndSpent(session)[0]);
    sweep();
    // The lease's remaining time is held again, from what the order had free (14.00).
    long held = heldAndSpent(session)[0];
    assertTrue(held > 35_900_000 && held <= 36_000_000, "held " + held);
    assertEquals(List.of("funds-held"), kinds(session));

    // Then billing charges more than the order holds: it pauses at once.
    long t0 = System.nanoTime();
    var charged = billing.charge(session, 100_000_000, "usage " + session + " #2 (egress)");
    assertEquals(40_000_000, charged.chargedMicros());
    long pausedMs = awaitEvent(session, "paused", t0);
    System.out.println(
        "MeteredChargingTest: a fixed lease on an overrun order paused in " + pausedMs + " ms");
    assertTrue(pausedMs < 2_000, pausedMs + " ms");
    assertLedgerBalanced();
  }

  @Test
  void theListenerReconnectsWhenItsConnectionIsKilled() throws Exception {
    int before = listener();
    try (var db = broker.jdbc();
        var q = db.prepareStatement("SELECT pg_terminate_backend(?)")) {
      q.setInt(1, before);
      q.executeQuery();
    }
    long t0 = System.nanoTime();
    long deadline = System.currentTimeMillis() + 15_000;
    int after = listener();
    while (after == before || after == 0) {
      assertTrue(System.currentTimeMillis() < deadline, "the listener did not reconnect");
      Thread.sleep(50);
      after = listener();
    }
    System.out.println(
        "MeteredChargingTest: the overrun listener listened again "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms after its connection was killed");
    String order = order("1.00");
    UUID session = running(order, 1_000_000, "interval '0'");
    long t1 = System.nanoTime();
    billing.charge(session, 3_000_000, "usage " + session + " #1 (egress)");
    assertTrue(awaitEvent(session, "paused", t1) < 2_000);
  }

  /** The process id of the backend listening for overruns in this broker's database, or 0. */
  private static int listener() throws Exception {
    try (var db = broker.jdbc();
        var q =
            db.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND query ILIKE 'LISTEN%xenia_order_overrun%' AND pid <> pg_backend_pid()")) {
      var rs = q.executeQuery();
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** Milliseconds from {@code t0} until the session has an event of {@code kind}. */
  private static long awaitEvent(UUID session, String kind, long t0) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!kinds(session).contains(kind)) {
      assertTrue(System.currentTimeMillis() < deadline, "no " + kind + " event: " + kinds(session));
      Thread.sleep(20);
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
