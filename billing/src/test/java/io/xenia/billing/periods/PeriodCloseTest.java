package io.xenia.billing.periods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.billing.support.BillingDatabase;
import io.xenia.billing.support.BillingUnderTest;
import io.xenia.billing.support.Parties;
import io.xenia.billing.support.ScenarioRows;
import io.xenia.billing.support.ScenarioRows.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Closing a daily period (P1D) over real PostgreSQL and HTTP: the invoices, payout statements and
 * revenue it builds, their sums, the immutability of what it made, and who may do what. The steps
 * build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeriodCloseTest {
  private static final String EUR = "EUR";
  private static BillingUnderTest billing;
  private static ScenarioRows rows;
  private static Parties p;
  private static PeriodCalendar calendar = PeriodCalendar.parse("P1D");
  private static BillingPeriod yesterday;
  private static UUID s1 = UUID.randomUUID();
  private static UUID s2 = UUID.randomUUID();
  private static UUID s3 = UUID.randomUUID();

  @BeforeAll
  static void start() {
    var database = BillingDatabase.create("billing_close");
    rows = new ScenarioRows(database);
    billing =
        BillingUnderTest.start(
            database,
            Map.of(
                "xenia.billing.period", "P1D",
                "xenia.billing.auto-close", "false",
                "xenia.billing.close-grace", "PT0S",
                "test.period-listener", "true"));
    p = new Parties(rows);
    yesterday = calendar.periodOf(Instant.now().minus(Duration.ofDays(1)));
    UUID orderA = rows.fundedOrder(p.customerA, EUR, 100_000_000L);
    UUID orderB = rows.fundedOrder(p.customerB, EUR, 1_000_000L);
    Instant t = yesterday.start().plus(Duration.ofHours(3));
    // Customer A: session 1 on host one, two records, fully charged, 5 % fee.
    rows.charge(
        usage(s1, 1, p.customerA, orderA, p.hostOne, t, 1_000_000, 500_000, 1_500_000, 75_000));
    rows.charge(
        usage(
            s1,
            2,
            p.customerA,
            orderA,
            p.hostOne,
            t.plusSeconds(60),
            1_000_000,
            500_000,
            1_500_000,
            75_000));
    // Customer A: session 2 on host two.
    rows.charge(usage(s2, 1, p.customerA, orderA, p.hostTwo, t, 2_000_000, 0, 2_000_000, 100_000));
    // Customer B: session 3 on host one ran out: 4.00 worth, 1.00 charged.
    rows.charge(
        usage(s3, 1, p.customerB, orderB, p.hostOne, t, 3_000_000, 1_000_000, 1_000_000, 50_000));
    // Today's usage of A: not in yesterday's invoice.
    rows.charge(
        usage(
            s1, 3, p.customerA, orderA, p.hostOne, Instant.now(), 1_000_000, 0, 1_000_000, 50_000));
  }

  private static Usage usage(
      UUID session,
      long seq,
      UUID customer,
      UUID order,
      UUID host,
      Instant ratedAt,
      long machine,
      long egress,
      long charged,
      long fee) {
    Map<String, Long> components = new LinkedHashMap<>();
    components.put("machine-hour", machine);
    if (egress > 0) {
      components.put("egress-gib", egress);
    }
    return new Usage(session, seq, customer, order, host, EUR, ratedAt, components, charged, fee);
  }

  @AfterAll
  static void stop() {
    if (billing != null) {
      billing.close();
    }
  }

  @Test
  @Order(1)
  void customersCannotCloseAndTodayHasNotEnded() {
    var refused =
        billing.post("/v1/billing/periods/" + yesterday.id() + "/close", p.customerAKey, null);
    assertEquals(403, refused.status(), refused.toString());
    assertEquals("forbidden", refused.problem());
    String today = calendar.periodOf(Instant.now()).id();
    var early = billing.post("/v1/billing/periods/" + today + "/close", p.financeKey, null);
    assertEquals(409, early.status(), early.toString());
    assertEquals("period-not-ended", early.problem());
    var unknown = billing.post("/v1/billing/periods/2026-13-45/close", p.financeKey, null);
    assertEquals(404, unknown.status(), unknown.toString());
    assertEquals("not-found", unknown.problem());
  }

  @Test
  @Order(2)
  void financeClosesThePeriodAndItsTotalsMatchTheCharges() {
    var closed =
        billing.post("/v1/billing/periods/" + yesterday.id() + "/close", p.financeKey, null);
    assertEquals(200, closed.status(), closed.toString());
    assertEquals("closed", closed.get("status"));
    assertEquals(2, closed.get("invoices"));
    assertEquals(2, closed.get("payoutStatements"));
    @SuppressWarnings("unchecked")
    var totals = (List<Map<String, Object>>) closed.get("totals");
    assertEquals(1, totals.size());
    var eur = totals.get(0);
    assertEquals(4, eur.get("records"));
    assertEquals("9.00", amount(eur, "rated"));
    assertEquals("6.00", amount(eur, "charged"));
    assertEquals("0.30", amount(eur, "platformRevenue"));
    assertEquals("5.70", amount(eur, "hostPayable"));
    assertEquals("3.00", amount(eur, "uncharged"));
    assertEquals(1, TestListener.closed.size());
    assertEquals(yesterday.id(), TestListener.closed.get(0).id());
  }

  @Test
  @Order(3)
  void eachCustomerSeesItsInvoiceWithLinesPerSessionAndComponent() {
    var list = billing.get("/v1/billing/invoices?period=" + yesterday.id(), p.customerAKey);
    assertEquals(200, list.status(), list.toString());
    assertEquals(1, list.items().size());
    String id = (String) list.items().get(0).get("id");
    var invoice = billing.get("/v1/billing/invoices/" + id, p.customerAKey);
    assertEquals("5.00", amount(invoice.body(), "charged"));
    assertEquals("0.00", amount(invoice.body(), "uncharged"));
    Map<String, String> charged = linesBy(invoice, "charged");
    assertEquals(
        Map.of(
            s1 + " machine-hour", "2.00",
            s1 + " egress-gib", "1.00",
            s2 + " machine-hour", "2.00"),
        charged);
    // Customer B's record was partly charged: spread by component, the rest shown as uncharged.
    var listB = billing.get("/v1/billing/invoices", p.customerBKey);
    assertEquals(1, listB.items().size());
    var invoiceB =
        billing.get("/v1/billing/invoices/" + listB.items().get(0).get("id"), p.customerBKey);
    assertEquals("1.00", amount(invoiceB.body(), "charged"));
    assertEquals("3.00", amount(invoiceB.body(), "uncharged"));
    assertEquals(
        Map.of(s3 + " machine-hour", "0.75", s3 + " egress-gib", "0.25"),
        linesBy(invoiceB, "charged"));
    assertEquals(
        Map.of(s3 + " machine-hour", "2.25", s3 + " egress-gib", "0.75"),
        linesBy(invoiceB, "uncharged"));
    // Another customer's invoice is not found; a host operator cannot read invoices at all.
    var other = billing.get("/v1/billing/invoices/" + id, p.customerBKey);
    assertEquals(404, other.status(), other.toString());
    assertEquals("not-found", other.problem());
    var host = billing.get("/v1/billing/invoices", p.hostOneKey);
    assertEquals(403, host.status(), host.toString());
    // Finance sees both.
    var all = billing.get("/v1/billing/invoices?period=" + yesterday.id(), p.financeKey);
    assertEquals(2, all.items().size());
    // Paging: one at a time, the token leads to the other, the last page has no token.
    var first = billing.get("/v1/billing/invoices?limit=1&period=" + yesterday.id(), p.financeKey);
    assertEquals(1, first.items().size());
    String token = (String) first.get("nextPageToken");
    var second =
        billing.get(
            "/v1/billing/invoices?limit=1&period=" + yesterday.id() + "&pageToken=" + token,
            p.financeKey);
    assertEquals(1, second.items().size());
    assertNull(second.get("nextPageToken"));
    assertEquals(
        java.util.Set.of(all.items().get(0).get("id"), all.items().get(1).get("id")),
        java.util.Set.of(first.items().get(0).get("id"), second.items().get(0).get("id")));
  }

  @Test
  @Order(4)
  void eachHostOperatorSeesItsPayoutStatement() {
    var one = billing.get("/v1/billing/payouts?period=" + yesterday.id(), p.hostOneKey);
    assertEquals(200, one.status(), one.toString());
    assertEquals(1, one.items().size());
    var statement = one.items().get(0);
    assertEquals("4.00", amount(statement, "charged"));
    assertEquals("0.20", amount(statement, "platformFee"));
    assertEquals("3.80", amount(statement, "payable"));
    assertEquals("3.80", amount(statement, "due"));
    assertEquals("3.00", amount(statement, "uncharged"));
    assertEquals("unpaid", statement.get("status"));
    var detail = billing.get("/v1/billing/payouts/" + statement.get("id"), p.hostOneKey);
    assertEquals(2, ((List<?>) detail.get("lines")).size());
    var two = billing.get("/v1/billing/payouts", p.hostTwoKey);
    assertEquals("1.90", amount(two.items().get(0), "payable"));
    var notHis = billing.get("/v1/billing/payouts/" + statement.get("id"), p.hostTwoKey);
    assertEquals(404, notHis.status(), notHis.toString());
    // A customer (funds:read) has no statements.
    assertEquals(0, billing.get("/v1/billing/payouts", p.customerAKey).items().size());
  }

  @Test
  @Order(5)
  void aClosedPeriodIsImmutableAndClosingAgainChangesNothing() {
    var first = billing.get("/v1/billing/periods/" + yesterday.id(), p.financeKey);
    var again =
        billing.post("/v1/billing/periods/" + yesterday.id() + "/close", p.financeKey, null);
    assertEquals(200, again.status(), again.toString());
    assertEquals(first.get("closedAt"), again.get("closedAt"));
    // Times on the wire are RFC 3339 strings, as in the broker.
    Instant.parse((String) first.get("closedAt"));
    assertEquals(yesterday.start().toString(), first.get("startsAt"));
    assertEquals(1, TestListener.closed.size(), "a second close is not announced");
    for (String sql :
        List.of(
            "UPDATE billing.invoice SET charged_micros = 0",
            "DELETE FROM billing.invoice_line",
            "UPDATE billing.payout_statement SET fee_micros = 0",
            "UPDATE billing.period SET closed_at = now() WHERE closed_at IS NOT NULL",
            "DELETE FROM billing.period")) {
      var e = assertThrows(IllegalStateException.class, () -> rows.update(sql), sql);
      assertTrue(
          e.getMessage().contains("append-only") || e.getMessage().contains("closed"),
          e.getMessage());
    }
    // A charge rated inside the closed period is refused; the consumer rates again with now.
    UUID orderA = rows.fundedOrder(p.customerA, EUR, 10_000_000L);
    var late =
        usage(
            UUID.randomUUID(),
            1,
            p.customerA,
            orderA,
            p.hostOne,
            yesterday.start().plusSeconds(7200),
            1_000_000,
            0,
            1_000_000,
            0);
    var refused = assertThrows(IllegalStateException.class, () -> rows.charge(late));
    assertTrue(refused.getMessage().contains("is closed"), refused.getMessage());
  }

  @Test
  @Order(6)
  void aLateRecordLandsInTheOpenPeriod() {
    UUID order = rows.fundedOrder(p.customerB, EUR, 10_000_000L);
    UUID session = UUID.randomUUID();
    // Usage from yesterday, arriving (rated) now: today's period.
    rows.charge(
        usage(session, 1, p.customerB, order, p.hostTwo, Instant.now(), 500_000, 0, 500_000, 0));
    var periods = billing.get("/v1/billing/periods", p.customerBKey);
    assertEquals(200, periods.status(), periods.toString());
    Map<String, Object> byId =
        periods.items().stream()
            .collect(Collectors.toMap(i -> (String) i.get("id"), i -> i.get("status")));
    assertEquals("closed", byId.get(yesterday.id()));
    assertEquals("open", byId.get(calendar.periodOf(Instant.now()).id()));
    // Customers see no figures of a closed period.
    var closed = billing.get("/v1/billing/periods/" + yesterday.id(), p.customerBKey);
    assertNull(closed.get("totals"));
    assertEquals(1, billing.get("/v1/billing/invoices", p.customerBKey).items().size());
  }

  @Test
  @Order(7)
  void badInputIsAProblemNeverAServerError() {
    for (String path :
        List.of(
            "/v1/billing/invoices/not-a-uuid",
            "/v1/billing/invoices?limit=0",
            "/v1/billing/invoices?limit=abc",
            "/v1/billing/invoices?pageToken=zzz",
            "/v1/billing/payouts?status=maybe",
            "/v1/billing/payouts?period=x&limit=1000")) {
      var answer = billing.get(path, p.financeKey);
      assertEquals(400, answer.status(), path + ": " + answer);
      assertTrue(answer.contentType().startsWith("application/problem+json"), answer.toString());
      assertTrue(List.of("malformed-request", "validation-failed").contains(answer.problem()));
    }
  }

  private static String amount(Map<?, ?> body, String member) {
    return (String) ((Map<?, ?>) body.get(member)).get("amount");
  }

  private static Map<String, String> linesBy(BillingUnderTest.Answer invoice, String member) {
    Map<String, String> out = new HashMap<>();
    for (Object o : (List<?>) invoice.get("lines")) {
      Map<?, ?> line = (Map<?, ?>) o;
      out.put(line.get("sessionId") + " " + line.get("component"), amount(line, member));
    }
    return out;
  }

  /** Records what the closer announced (only in this class's context). */
  @jakarta.inject.Singleton
  @io.micronaut.context.annotation.Requires(property = "test.period-listener", value = "true")
  static final class TestListener implements PeriodCloseListener {
    static final List<ClosedPeriod> closed = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void periodClosed(ClosedPeriod period) {
      closed.add(period);
    }
  }
}
