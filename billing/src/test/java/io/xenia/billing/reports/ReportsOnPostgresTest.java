package io.xenia.billing.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.billing.charts.ChartQueries;
import io.xenia.billing.charts.Charts;
import io.xenia.billing.charts.DailySeries;
import io.xenia.billing.exports.CsvReader;
import io.xenia.billing.exports.FocusCharge;
import io.xenia.billing.exports.FocusExport;
import io.xenia.billing.exports.FocusQueries;
import io.xenia.billing.reports.ReportFixture.ChargeSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A finance report over November on real PostgreSQL (broker and billing migrations): three charges
 * in the range (one with an overrun), one before it, dead letters in and out; every section's
 * figures, the JSON tree, a CSV export, and the FOCUS export of the same charges.
 */
class ReportsOnPostgresTest {
  static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

  static ReportFixture db;
  static UUID acme;
  static UUID beta;
  static UUID hostco;
  static UUID metalco;
  static UUID h1;
  static UUID h2;
  static UUID orderA;
  static UUID orderB;
  static FinanceReport report;

  @BeforeAll
  static void scenario() {
    db = ReportFixture.create("reports");
    acme = db.account("customer", "Acme");
    beta = db.account("customer", "Beta, Inc.");
    hostco = db.account("host-operator", "Hostco");
    metalco = db.account("host-operator", "Metalco");
    h1 = db.host(hostco, "h1");
    h2 = db.host(metalco, "h2");
    orderA = db.order(acme, "EUR", 100_000_000);
    orderB = db.order(beta, "EUR", 5_000_000);
    Instant day3 = Instant.parse("2026-11-03T10:00:00Z");
    db.charge(
        new ChargeSpec(acme, orderA, h1, hostco, Instant.parse("2026-10-31T23:00:00Z"))
            .region("eu-west")
            .machine(3600, 1_000_000));
    db.charge(
        new ChargeSpec(acme, orderA, h1, hostco, day3)
            .region("eu-west")
            .fee(500)
            .machine(3600, 2_000_000)
            .egress(2L << 30, 100_000));
    db.charge(
        new ChargeSpec(acme, orderA, h2, metalco, day3.plusSeconds(86_400))
            .region("us-east")
            .fee(500)
            .machine(1800, 4_000_000));
    db.charge(
        new ChargeSpec(beta, orderB, h1, hostco, DEC.minusSeconds(1))
            .region("eu-west")
            .fee(500)
            .orderHolds(5_000_000)
            .machine(7200, 3_000_000));
    disputes(day3);
    db.deadLetter("bad-signature", day3);
    db.deadLetter("bad-signature", day3);
    db.deadLetter("malformed", day3);
    db.deadLetter("malformed", DEC);
    Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:05:00Z"), ZoneOffset.UTC);
    report = new ReportQueries(db.pool(), clock).report(new ReportRange(NOV, DEC), 10);
  }

  /** An invoice line of Acme's disputed twice: credited 0.50, then again (still open). */
  static void disputes(Instant at) {
    UUID invoice = UUID.randomUUID();
    UUID line = UUID.randomUUID();
    var t = at.atOffset(java.time.ZoneOffset.UTC);
    db.update(
        "INSERT INTO billing.period (id, starts_at, ends_at) VALUES ('2026-11', ?, ?)",
        NOV.atOffset(java.time.ZoneOffset.UTC),
        DEC.atOffset(java.time.ZoneOffset.UTC));
    db.update(
        "INSERT INTO billing.invoice (id, period_id, customer_account_id, currency, rated_micros,"
            + " charged_micros, uncharged_micros, issued_at) VALUES (?, '2026-11', ?, 'EUR',"
            + " 2000000, 2000000, 0, ?)",
        invoice,
        acme,
        t);
    db.update(
        "INSERT INTO billing.invoice_line (id, invoice_id, session_id, purchase_order_id,"
            + " host_operator_id, component, records, measured, rated_micros, charged_micros,"
            + " fee_micros, uncharged_micros) VALUES (?, ?, ?, ?, ?, 'machine-hour', 1, 3600,"
            + " 2000000, 2000000, 100000, 0)",
        line,
        invoice,
        UUID.randomUUID(),
        orderA,
        hostco);
    UUID credited = UUID.randomUUID();
    db.update(
        "INSERT INTO billing.dispute (id, invoice_id, invoice_line_id, customer_account_id, reason,"
            + " status, opened_at, opened_by, resolved_at, resolved_by, resolution)"
            + " VALUES (?, ?, ?, ?, 'too slow', 'credited', ?, ?, ?, ?, 'fair')",
        credited,
        invoice,
        line,
        acme,
        t,
        acme,
        t,
        acme);
    db.update(
        "INSERT INTO billing.credit_note (id, dispute_id, invoice_id, invoice_line_id, period_id,"
            + " customer_account_id, host_operator_id, currency, amount_micros, host_share_micros,"
            + " fee_share_micros, journal_entry_id, issued_at, issued_by)"
            + " VALUES (?, ?, ?, ?, '2026-11', ?, ?, 'EUR', 500000, 475000, 25000, ?, ?, ?)",
        UUID.randomUUID(),
        credited,
        invoice,
        line,
        acme,
        hostco,
        UUID.randomUUID(),
        t,
        acme);
    db.update(
        "INSERT INTO billing.dispute (id, invoice_id, invoice_line_id, customer_account_id, reason,"
            + " status, opened_at, opened_by) VALUES (?, ?, ?, ?, 'still slow', 'open', ?, ?)",
        UUID.randomUUID(),
        invoice,
        line,
        acme,
        t,
        acme);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void revenueAddsUpOnlyTheRange() {
    FinanceReport.Revenue eur = report.revenue().get(0);
    assertEquals(1, report.revenue().size());
    assertEquals(3, eur.records());
    assertEquals("10.20", eur.rated().amount());
    assertEquals("9.20", eur.charged().amount());
    assertEquals("0.46", eur.fees().amount());
    assertEquals("8.74", eur.hostShare().amount());
    assertEquals("1.00", eur.overrun().amount());
  }

  @Test
  void usageByResourceAndRegion() {
    assertEquals(
        List.of(
            new FinanceReport.ResourceUsage(
                "egress-gib", "EUR", 2L << 30, "byte", "2", eur(200_000)),
            new FinanceReport.ResourceUsage(
                "machine-hour", "EUR", 12_600, "second", "3.5", eur(10_000_000))),
        report.usageByResource());
    assertEquals(
        List.of(
            new FinanceReport.RegionUsage(
                "eu-west", "EUR", 2, 10_800, eur(8_200_000), eur(7_200_000)),
            new FinanceReport.RegionUsage(
                "us-east", "EUR", 1, 1_800, eur(2_000_000), eur(2_000_000))),
        report.usageByRegion());
  }

  @Test
  void topCustomersAndHostsByCharged() {
    assertEquals(
        List.of(
            new FinanceReport.PartyTotal(beta, "Beta, Inc.", "EUR", 1, eur(5_000_000)),
            new FinanceReport.PartyTotal(acme, "Acme", "EUR", 2, eur(4_200_000))),
        report.topCustomers());
    assertEquals(
        List.of(
            new FinanceReport.PartyTotal(h1, "h1", "EUR", 2, eur(7_200_000)),
            new FinanceReport.PartyTotal(h2, "h2", "EUR", 1, eur(2_000_000))),
        report.topHosts());
  }

  @Test
  void payoutsPerOperatorAreChargedLessFees() {
    assertEquals(
        List.of(
            new FinanceReport.HostPayout(
                hostco, "Hostco", "EUR", eur(7_200_000), eur(360_000), eur(6_840_000)),
            new FinanceReport.HostPayout(
                metalco, "Metalco", "EUR", eur(2_000_000), eur(100_000), eur(1_900_000))),
        report.payouts());
  }

  @Test
  void outstandingOrdersShowWhatTheyStillRingFence() {
    assertEquals(2, report.outstandingOrders().size());
    FinanceReport.OrderBalance a = report.outstandingOrders().get(0);
    FinanceReport.OrderBalance b = report.outstandingOrders().get(1);
    assertEquals(orderA, a.orderId());
    assertEquals("94.80", a.ringFenced().amount());
    assertEquals("100.00", a.limit().amount());
    assertEquals(orderB, b.orderId());
    assertEquals("0.00", b.ringFenced().amount());
  }

  @Test
  void overrunsAndDeadLetters() {
    assertEquals(
        List.of(new FinanceReport.Overrun(hostco, "Hostco", orderB, "EUR", 1, eur(1_000_000))),
        report.overruns());
    assertEquals(
        List.of(
            new FinanceReport.DeadLetters("bad-signature", 2),
            new FinanceReport.DeadLetters("malformed", 1)),
        report.deadLetters());
  }

  @Test
  void disputesPerStatusWithWhatWasCredited() {
    assertEquals(
        List.of(
            new FinanceReport.Disputes("credited", "EUR", 1, eur(2_000_000), eur(500_000)),
            new FinanceReport.Disputes("open", "EUR", 1, eur(2_000_000), eur(0))),
        report.disputes());
  }

  @Test
  void jsonTreeHasMoneyAsDecimalStrings() {
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = (Map<String, Object>) ReportJson.tree(report);
    assertEquals(
        Map.of("from", "2026-11-01T00:00:00Z", "to", "2026-12-01T00:00:00Z"), tree.get("range"));
    @SuppressWarnings("unchecked")
    Map<String, Object> revenue = ((List<Map<String, Object>>) tree.get("revenue")).get(0);
    assertEquals("9.20", revenue.get("charged"));
    assertEquals(3L, revenue.get("records"));
  }

  @Test
  void topCustomersCsvQuotesNamesWithCommas() {
    String csv = ReportCsv.of(report, ReportSection.TOP_CUSTOMERS);
    assertEquals(
        "customer_id,name,currency,records,charged\r\n"
            + beta
            + ",\"Beta, Inc.\",EUR,1,5.00\r\n"
            + acme
            + ",Acme,EUR,2,4.20\r\n",
        csv);
    for (ReportSection section : ReportSection.values()) {
      assertTrue(ReportCsv.of(report, section).endsWith("\r\n"), section.slug());
    }
  }

  @Test
  void focusExportHasOneRowPerChargedComponentAndAddsUp() {
    List<FocusCharge> charges = new FocusQueries(db.pool()).charges(NOV, DEC);
    assertEquals(3, charges.size());
    String csv = new FocusExport("Xenia").csv(NOV, DEC, charges);
    List<List<String>> lines = CsvReader.read(csv);
    assertEquals(FocusExport.COLUMNS, lines.get(0));
    assertEquals(1 + 4, lines.size()); // machine + egress, machine, machine
    int billed = FocusExport.COLUMNS.indexOf("BilledCost");
    int list = FocusExport.COLUMNS.indexOf("ListCost");
    java.math.BigDecimal billedSum = java.math.BigDecimal.ZERO;
    java.math.BigDecimal listSum = java.math.BigDecimal.ZERO;
    for (List<String> row : lines.subList(1, lines.size())) {
      String[] f = row.toArray(String[]::new);
      billedSum = billedSum.add(new java.math.BigDecimal(f[billed]));
      listSum = listSum.add(new java.math.BigDecimal(f[list]));
      assertEquals("Usage", f[FocusExport.COLUMNS.indexOf("ChargeCategory")]);
      assertEquals("Compute", f[FocusExport.COLUMNS.indexOf("ServiceCategory")]);
      assertEquals("2026-11-01T00:00:00Z", f[FocusExport.COLUMNS.indexOf("BillingPeriodStart")]);
    }
    assertEquals(new java.math.BigDecimal("9.20"), billedSum);
    assertEquals(new java.math.BigDecimal("10.20"), listSum);
    assertTrue(csv.contains(",egress-gib,"), csv);
  }

  @Test
  void dailySeriesForTheCharts() {
    ReportRange november = new ReportRange(NOV, DEC);
    DailySeries revenue =
        new ChartQueries(db.pool()).dailyRevenue(november, java.util.Currency.getInstance("EUR"));
    assertEquals(30, revenue.days().size());
    assertEquals("EUR", revenue.unit());
    assertEquals("2.2", value(revenue, "2026-11-03"));
    assertEquals("2", value(revenue, "2026-11-04"));
    assertEquals("5", value(revenue, "2026-11-30"));
    assertEquals("0", value(revenue, "2026-11-01"));
    DailySeries hours = new ChartQueries(db.pool()).dailyMachineHours(november);
    assertEquals("1", value(hours, "2026-11-03"));
    assertEquals("0.5", value(hours, "2026-11-04"));
    assertEquals("2", value(hours, "2026-11-30"));
    assertTrue(Charts.svg(hours).contains("data-day=\"2026-11-04\" data-value=\"0.5\""));
  }

  private static String value(DailySeries series, String day) {
    return series.days().stream()
        .filter(d -> d.day().toString().equals(day))
        .findFirst()
        .orElseThrow()
        .value()
        .toPlainString();
  }

  static io.xenia.protocol.money.Money eur(long micros) {
    return io.xenia.protocol.money.Money.ofMicros(java.util.Currency.getInstance("EUR"), micros);
  }
}
