package io.xenia.billing.disputes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.billing.periods.BillingPeriod;
import io.xenia.billing.periods.ClosedPeriod;
import io.xenia.billing.periods.PeriodCalendar;
import io.xenia.billing.periods.PeriodCloser;
import io.xenia.billing.support.BillingDatabase;
import io.xenia.billing.support.BillingUnderTest;
import io.xenia.billing.support.Parties;
import io.xenia.billing.support.ScenarioRows;
import io.xenia.billing.support.ScenarioRows.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * After periods closed on their own (the automatic close, grace 0): disputes, credit notes and
 * payouts against the broker's real ledger, with its balances checked after every movement. The
 * steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayoutsAndDisputesTest {
  private static final String EUR = "EUR";
  private static BillingUnderTest billing;
  private static ScenarioRows rows;
  private static Parties p;
  private static final PeriodCalendar DAYS = PeriodCalendar.parse("P1D");
  private static BillingPeriod yesterday;
  private static BillingPeriod threeDaysAgo;
  private static final UUID S1 = UUID.randomUUID();
  private static final UUID S2 = UUID.randomUUID();
  private static UUID invoiceA;
  private static UUID lineA;
  private static UUID firstDispute;

  @BeforeAll
  static void start() {
    var database = BillingDatabase.create("billing_disputes");
    rows = new ScenarioRows(database);
    billing =
        BillingUnderTest.start(
            database,
            Map.of(
                "xenia.billing.period", "P1D",
                "xenia.billing.auto-close", "false",
                "xenia.billing.close-grace", "PT0S"));
    p = new Parties(rows);
    Instant now = Instant.now();
    yesterday = DAYS.periodOf(now.minus(Duration.ofDays(1)));
    threeDaysAgo = DAYS.periodOf(now.minus(Duration.ofDays(3)));
    UUID order = rows.fundedOrder(p.customerA, EUR, 50_000_000L);
    // Three days ago: 1.00 on host two. Yesterday: S1 2.00 on host one (fee 0.10), S2 on host two.
    rows.charge(
        usage(S2, 1, order, p.hostTwo, threeDaysAgo.start().plusSeconds(600), 1_000_000, 50_000));
    rows.charge(
        usage(S1, 1, order, p.hostOne, yesterday.start().plusSeconds(600), 2_000_000, 100_000));
    rows.charge(
        usage(S2, 2, order, p.hostTwo, yesterday.start().plusSeconds(900), 2_000_000, 100_000));
  }

  private static Usage usage(
      UUID session, long seq, UUID order, UUID host, Instant at, long micros, long fee) {
    return new Usage(
        session,
        seq,
        p.customerA,
        order,
        host,
        EUR,
        at,
        Map.of("machine-hour", micros),
        micros,
        fee);
  }

  @AfterAll
  static void stop() {
    if (billing != null) {
      billing.close();
    }
  }

  @Test
  @Order(1)
  void endedPeriodsCloseOnTheirOwnOldestFirstAndTodayStaysOpen() {
    List<ClosedPeriod> closed = billing.context().getBean(PeriodCloser.class).closeDue();
    List<String> ids = closed.stream().map(ClosedPeriod::id).toList();
    assertEquals(List.of(threeDaysAgo.id(), DAYS.next(threeDaysAgo).id(), yesterday.id()), ids);
    assertEquals(PeriodCloser.BILLING_SERVICE_ACCOUNT, closed.get(0).closedBy());
    assertEquals(0, closed.get(1).invoices(), "an empty period closes with nothing in it");
    var today =
        billing.get("/v1/billing/periods/" + DAYS.periodOf(Instant.now()).id(), p.financeKey);
    assertEquals("open", today.get("status"));
    assertTrue(billing.context().getBean(PeriodCloser.class).closeDue().isEmpty());
    var invoices = billing.get("/v1/billing/invoices?period=" + yesterday.id(), p.customerAKey);
    invoiceA = UUID.fromString((String) invoices.items().get(0).get("id"));
    var invoice = billing.get("/v1/billing/invoices/" + invoiceA, p.customerAKey);
    for (Object o : (List<?>) invoice.get("lines")) {
      Map<?, ?> line = (Map<?, ?>) o;
      if (S1.toString().equals(line.get("sessionId"))) {
        lineA = UUID.fromString((String) line.get("id"));
      }
    }
    assertTrue(rows.ledgerImbalances().isEmpty(), rows.ledgerImbalances().toString());
  }

  @Test
  @Order(2)
  void aCustomerDisputesItsOwnLineOnce() {
    String path = "/v1/billing/invoices/" + invoiceA + "/lines/" + lineA + "/disputes";
    var opened = billing.post(path, p.customerAKey, "{\"reason\": \"the machine was down\"}");
    assertEquals(201, opened.status(), opened.toString());
    assertEquals("open", opened.get("status"));
    firstDispute = UUID.fromString((String) opened.get("id"));
    var twice = billing.post(path, p.customerAKey, "{\"reason\": \"again\"}");
    assertEquals(409, twice.status(), twice.toString());
    assertEquals("dispute-already-open", twice.problem());
    assertEquals(firstDispute.toString(), twice.get("disputeId"));
    var invoice = billing.get("/v1/billing/invoices/" + invoiceA, p.customerAKey);
    assertTrue(invoice.body().toString().contains(firstDispute.toString()), "openDisputeId shown");
    // Another customer: not found; no reason, or a body that is not JSON: problems.
    var other = billing.post(path, p.customerBKey, "{\"reason\": \"not mine\"}");
    assertEquals(404, other.status(), other.toString());
    var blank = billing.post(path, p.customerAKey, "{\"reason\": \"  \"}");
    assertEquals(400, blank.status(), blank.toString());
    assertEquals("validation-failed", blank.problem());
    var notJson = billing.post(path, p.customerAKey, "{reason");
    assertEquals(400, notJson.status(), notJson.toString());
    assertEquals("malformed-request", notJson.problem());
    // Who sees it: the customer and finance; another customer, not; a host operator has no
    // orders:read.
    assertEquals(200, billing.get("/v1/billing/disputes/" + firstDispute, p.customerAKey).status());
    assertEquals(200, billing.get("/v1/billing/disputes/" + firstDispute, p.financeKey).status());
    assertEquals(404, billing.get("/v1/billing/disputes/" + firstDispute, p.customerBKey).status());
    assertEquals(0, billing.get("/v1/billing/disputes", p.customerBKey).items().size());
    assertEquals(403, billing.get("/v1/billing/disputes", p.hostOneKey).status());
  }

  @Test
  @Order(3)
  void onlyFinanceResolvesAndBadResolutionsAreProblems() {
    String path = "/v1/billing/disputes/" + firstDispute + "/resolve";
    var byCustomer =
        billing.post(path, p.customerAKey, "{\"outcome\": \"reject\", \"reason\": \"no\"}");
    assertEquals(403, byCustomer.status(), byCustomer.toString());
    Map<String, String> bad =
        Map.of(
            "{\"outcome\": \"maybe\", \"reason\": \"x\"}",
            "validation-failed",
            "{\"outcome\": \"credit\", \"reason\": \"x\"}",
            "validation-failed",
            "{\"outcome\": \"credit\", \"reason\": \"x\", \"amount\": {\"amount\": \"1.00\","
                + " \"currency\": \"USD\"}}",
            "validation-failed",
            "{\"outcome\": \"credit\", \"reason\": \"x\", \"amount\": {\"amount\": \"-1\","
                + " \"currency\": \"EUR\"}}",
            "validation-failed",
            "{\"outcome\": \"credit\", \"reason\": \"x\", \"amount\": {\"amount\": \"2.01\","
                + " \"currency\": \"EUR\"}}",
            "credit-exceeds-line",
            "{\"outcome\": \"reject\"}",
            "validation-failed");
    for (var e : bad.entrySet()) {
      var answer = billing.post(path, p.financeKey, e.getKey());
      assertEquals(e.getValue(), answer.problem(), e.getKey() + " -> " + answer);
      assertTrue(answer.status() >= 400 && answer.status() < 500, answer.toString());
    }
    assertEquals(
        "open", billing.get("/v1/billing/disputes/" + firstDispute, p.financeKey).get("status"));
  }

  @Test
  @Order(4)
  void aCreditNoteGivesMoneyBackFromHostAndPlatformInProportion() {
    long available = rows.balance("customer-available", p.customerA, null, EUR);
    long host = rows.balance("host-payable", p.hostOne, null, EUR);
    long platform = rows.balance("platform-revenue", null, null, EUR);
    var resolved =
        billing.post(
            "/v1/billing/disputes/" + firstDispute + "/resolve",
            p.financeKey,
            "{\"outcome\": \"credit\", \"reason\": \"outage confirmed\","
                + " \"amount\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}");
    assertEquals(200, resolved.status(), resolved.toString());
    assertEquals("credited", resolved.get("status"));
    assertEquals(available + 1_000_000, rows.balance("customer-available", p.customerA, null, EUR));
    assertEquals(host - 950_000, rows.balance("host-payable", p.hostOne, null, EUR));
    assertEquals(platform - 50_000, rows.balance("platform-revenue", null, null, EUR));
    assertTrue(rows.ledgerImbalances().isEmpty(), rows.ledgerImbalances().toString());
    assertEquals(1, rows.entries("credit-note"));
    String note = (String) resolved.get("creditNoteId");
    var byCustomer = billing.get("/v1/billing/credit-notes/" + note, p.customerAKey);
    assertEquals("1.00", ((Map<?, ?>) byCustomer.get("amount")).get("amount"));
    assertNull(byCustomer.get("hostShare"), "the split is finance's business");
    var byFinance = billing.get("/v1/billing/credit-notes/" + note, p.financeKey);
    assertEquals("0.95", ((Map<?, ?>) byFinance.get("hostShare")).get("amount"));
    assertEquals("0.05", ((Map<?, ?>) byFinance.get("platformShare")).get("amount"));
    assertEquals(404, billing.get("/v1/billing/credit-notes/" + note, p.customerBKey).status());
    assertEquals(1, billing.get("/v1/billing/credit-notes", p.customerAKey).items().size());
    // The invoice shows it; resolving again is refused.
    var invoice = billing.get("/v1/billing/invoices/" + invoiceA, p.customerAKey);
    assertEquals("1.00", ((Map<?, ?>) invoice.get("credited")).get("amount"));
    var again =
        billing.post(
            "/v1/billing/disputes/" + firstDispute + "/resolve",
            p.financeKey,
            "{\"outcome\": \"reject\", \"reason\": \"changed my mind\"}");
    assertEquals(409, again.status(), again.toString());
    assertEquals("dispute-not-open", again.problem());
  }

  @Test
  @Order(5)
  void aSecondDisputeOfTheLineCanBeRejected() {
    var opened =
        billing.post(
            "/v1/billing/invoices/" + invoiceA + "/lines/" + lineA + "/disputes",
            p.customerAKey,
            "{\"reason\": \"still too much\"}");
    assertEquals(201, opened.status(), opened.toString());
    long entries = rows.entries("credit-note");
    var rejected =
        billing.post(
            "/v1/billing/disputes/" + opened.get("id") + "/resolve",
            p.financeKey,
            "{\"outcome\": \"reject\", \"reason\": \"usage matches the host's records\"}");
    assertEquals(200, rejected.status(), rejected.toString());
    assertEquals("rejected", rejected.get("status"));
    assertEquals("usage matches the host's records", rejected.get("resolution"));
    assertEquals(entries, rows.entries("credit-note"));
    assertEquals(
        2, billing.get("/v1/billing/disputes?invoice=" + invoiceA, p.customerAKey).items().size());
  }

  @Test
  @Order(6)
  void financePaysAStatementOnceLessWhatWasCredited() {
    var list = billing.get("/v1/billing/payouts?period=" + yesterday.id(), p.hostOneKey);
    Map<String, Object> statement = list.items().get(0);
    assertEquals("1.90", amount(statement, "payable"));
    assertEquals("0.95", amount(statement, "credited"));
    assertEquals("0.95", amount(statement, "due"));
    String path = "/v1/billing/payouts/" + statement.get("id") + "/paid";
    assertEquals(403, billing.post(path, p.hostOneKey, null).status());
    long external = rows.balance("external", null, null, EUR);
    var paid = billing.post(path, p.financeKey, "{\"reference\": \"SEPA 2026-12-01\"}");
    assertEquals(200, paid.status(), paid.toString());
    assertEquals("paid", paid.get("status"));
    assertEquals("0.95", amount(paid.body(), "due"));
    assertEquals(0, rows.balance("host-payable", p.hostOne, null, EUR));
    assertEquals(external + 950_000, rows.balance("external", null, null, EUR));
    var again = billing.post(path, p.financeKey, null);
    assertEquals(200, again.status(), again.toString());
    assertEquals(paid.get("paidAt"), again.get("paidAt"));
    assertEquals(1, rows.entries("host-payout"));
    assertEquals(
        "paid",
        billing.get("/v1/billing/payouts/" + statement.get("id"), p.hostOneKey).get("status"));
    assertTrue(rows.ledgerImbalances().isEmpty(), rows.ledgerImbalances().toString());
  }

  @Test
  @Order(7)
  void neitherPayoutsNorCreditsGoBelowTheHostsPayableBalance() {
    // Host two holds 0.95 + 1.90 payable; 2.00 of it left the platform by hand.
    rows.payOutByHand(p.hostTwo, EUR, 2_000_000);
    var list =
        billing.get(
            "/v1/billing/payouts?period=" + yesterday.id() + "&status=unpaid", p.financeKey);
    assertEquals(1, list.items().size(), list.toString());
    var refused =
        billing.post(
            "/v1/billing/payouts/" + list.items().get(0).get("id") + "/paid", p.financeKey, null);
    assertEquals(422, refused.status(), refused.toString());
    assertEquals("insufficient-funds", refused.problem());
    assertEquals("0.85", refused.get("available"));
    assertEquals(
        "unpaid",
        billing
            .get("/v1/billing/payouts/" + list.items().get(0).get("id"), p.financeKey)
            .get("status"));
    // Host one was paid out: a credit on its line cannot take its share back.
    var opened =
        billing.post(
            "/v1/billing/invoices/" + invoiceA + "/lines/" + lineA + "/disputes",
            p.customerAKey,
            "{\"reason\": \"third time\"}");
    var credit =
        billing.post(
            "/v1/billing/disputes/" + opened.get("id") + "/resolve",
            p.financeKey,
            "{\"outcome\": \"credit\", \"reason\": \"x\", \"amount\": {\"amount\": \"0.50\", \"currency\": \"EUR\"}}");
    assertEquals(422, credit.status(), credit.toString());
    assertEquals("insufficient-funds", credit.problem());
    assertEquals(
        "open",
        billing.get("/v1/billing/disputes/" + opened.get("id"), p.financeKey).get("status"));
    assertEquals(1, rows.entries("credit-note"));
    assertTrue(rows.ledgerImbalances().isEmpty(), rows.ledgerImbalances().toString());
  }

  private static String amount(Map<?, ?> body, String member) {
    return (String) ((Map<?, ?>) body.get(member)).get("amount");
  }
}
