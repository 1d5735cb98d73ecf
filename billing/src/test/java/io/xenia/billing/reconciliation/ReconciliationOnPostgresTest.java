package io.xenia.billing.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.billing.reconciliation.Discrepancy.Kind;
import io.xenia.billing.reports.ReportFixture;
import io.xenia.billing.reports.ReportFixture.Charge;
import io.xenia.billing.reports.ReportFixture.ChargeSpec;
import io.xenia.billing.reports.ReportRange;
import io.xenia.billing.support.ChargeComponents;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Reconciliation on real PostgreSQL: charges as billing writes them (with a fee and an overrun)
 * reconcile with no discrepancy; then faults are put in behind billing's back (an entry made in
 * billing's name that no charge explains, a payout entry no payout explains, a charge whose entry
 * is missing, a charge not adding up, a journal line deleted with the append-only trigger bypassed,
 * a balance changed by hand) and the report names each one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconciliationOnPostgresTest {
  static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");
  static final ReportRange NOVEMBER = new ReportRange(NOV, DEC);

  static ReportFixture db;
  static ReconciliationQueries queries;
  static UUID acme;
  static UUID hostco;
  static UUID metalco;
  static UUID h1;
  static UUID orderA;
  static Charge withFee;

  @BeforeAll
  static void scenario() {
    db = ReportFixture.create("reconciliation");
    acme = db.account("customer", "Acme");
    UUID beta = db.account("customer", "Beta");
    hostco = db.account("host-operator", "Hostco");
    metalco = db.account("host-operator", "Metalco");
    h1 = db.host(hostco, "h1");
    UUID h2 = db.host(metalco, "h2");
    orderA = db.order(acme, "EUR", 50_000_000);
    UUID orderB = db.order(beta, "EUR", 1_000_000);
    Instant t = Instant.parse("2026-11-10T12:00:00Z");
    // One batch: one entry for order A, crediting two host operators and the platform.
    withFee =
        db.chargeBatch(
                List.of(
                    new ChargeSpec(acme, orderA, h1, hostco, t).fee(1000).machine(3600, 3_000_000),
                    new ChargeSpec(acme, orderA, h2, metalco, t)
                        .egress(1L << 30, 90_000)
                        .machine(1200, 6_000_000)))
            .get(0);
    db.charge(
        new ChargeSpec(beta, orderB, h2, metalco, t.plusSeconds(120))
            .fee(250)
            .orderHolds(1_000_000)
            .machine(3600, 2_500_000));
    queries = new ReconciliationQueries(db.pool(), Clock.systemUTC());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  @Order(1)
  void cleanChargesReconcileWithNoDiscrepancy() {
    ReconciliationReport report = queries.reconcile(NOVEMBER);
    assertEquals(List.of(), report.discrepancies());
    assertTrue(report.clean());
    ReconciliationReport.Totals eur = report.totals().get(0);
    assertEquals(3, eur.records());
    assertEquals("7.59", eur.rated().amount()); // 3.00 + 0.09 + 2.00 + 2.50
    assertEquals("6.09", eur.charged().amount()); // beta's order paid 1.00 of 2.50
    assertEquals("1.50", eur.overrun().amount());
    assertEquals("6.09", eur.takenFromOrders().amount());
    assertEquals("0.325", eur.fees().amount()); // 0.30 + 0.025
    assertEquals("0.325", eur.creditedToPlatform().amount());
    assertEquals("5.765", eur.creditedToHosts().amount());
  }

  @Test
  @Order(2)
  void everyFaultIsNamed() throws Exception {
    Instant t = Instant.parse("2026-11-20T08:00:00Z");
    // 1. A journal entry in billing's name that billing did not make: no charge explains it.
    UUID rogue =
        db.inTransaction(
            () -> {
              UUID e =
                  db.entry(
                      "purchase-order-charge",
                      "EUR",
                      acme,
                      orderA,
                      "usage forged/1",
                      ReportFixture.BILLING_ACCOUNT,
                      t);
              db.lines(
                  e,
                  Map.of(
                      db.ledgerAccount("customer-ring-fenced", acme, orderA, "EUR", 0L),
                      -1_000_000L,
                      db.ledgerAccount("host-payable", hostco, null, "EUR", 0L),
                      1_000_000L));
              return e;
            });
    // 2. A charge whose journal entry the ledger does not have.
    UUID lost = UUID.randomUUID();
    UUID missingEntry = UUID.randomUUID();
    insertCharge(lost, 3_000_000, 3_000_000, missingEntry, t);
    // 3. A charge whose rated worth is neither paid nor an overrun.
    UUID unpaid = UUID.randomUUID();
    insertCharge(unpaid, 5_000_000, 0, null, t);
    // 4. A line of a charge's entry deleted, bypassing the journal's append-only trigger.
    UUID platform = db.ledgerAccount("platform-revenue", null, null, "EUR", 0L);
    try (var s = db.jdbc().createStatement()) {
      s.execute("SET session_replication_role = replica");
      s.execute(
          "DELETE FROM journal_line WHERE entry_id = '"
              + withFee.entry()
              + "' AND ledger_account_id = '"
              + platform
              + "'");
      s.execute("SET session_replication_role = DEFAULT");
    }
    // 5. A payout entry no payout explains.
    UUID finance = db.account("finance", "Finance");
    UUID payout =
        db.inTransaction(
            () -> {
              UUID e = db.entry("host-payout", "EUR", hostco, null, "payout forged", finance, t);
              db.lines(
                  e,
                  Map.of(
                      db.ledgerAccount("host-payable", hostco, null, "EUR", 0L),
                      -500_000L,
                      db.ledgerAccount("external", null, null, "EUR", null),
                      500_000L));
              return e;
            });
    // 6. A balance changed by hand.
    UUID metalcoPayable = db.ledgerAccount("host-payable", metalco, null, "EUR", 0L);
    db.update(
        "UPDATE ledger_account SET balance_micros = balance_micros + 1 WHERE id = ?",
        metalcoPayable);

    // 7. Gaps in sessions' sequence numbers: 2..4 below a charged 5, of which only 3 was refused
    // (a dead letter); 1 below a charged 2; and a gap wholly refused, which is no discrepancy.
    UUID gappy = UUID.randomUUID();
    insertCharge(gappy, 1, 0, 0, null, t);
    insertCharge(gappy, 5, 0, 0, null, t);
    deadLetter(gappy, 3);
    UUID lateStart = UUID.randomUUID();
    insertCharge(lateStart, 2, 0, 0, null, t);
    UUID refusedOnly = UUID.randomUUID();
    insertCharge(refusedOnly, 1, 0, 0, null, t);
    insertCharge(refusedOnly, 3, 0, 0, null, t);
    deadLetter(refusedOnly, 2);

    ReconciliationReport report = queries.reconcile(NOVEMBER);

    Set<String> named =
        report.discrepancies().stream()
            .map(d -> d.kind().slug() + " " + d.subject())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected =
        new TreeSet<>(
            List.of(
                "entry-without-charge journal entry " + rogue,
                "entry-without-charge journal entry " + payout,
                "charge-without-entry usage " + lost + "/1",
                "rated-not-charged-plus-overrun usage " + unpaid + "/1",
                "entry-postings-mismatch journal entry " + withFee.entry() + " (2 usage charges)",
                "balance-drift ledger account " + platform,
                "balance-drift ledger account " + metalcoPayable,
                "book-total-mismatch EUR customer-ring-fenced",
                "book-total-mismatch EUR host-payable",
                "book-total-mismatch EUR platform-revenue",
                "sequence-gap usage " + gappy + "/2..4",
                "sequence-gap usage " + lateStart + "/1..1"));
    assertEquals(expected, named, report.discrepancies().toString());

    Discrepancy deleted = find(report, Kind.ENTRY_POSTINGS_MISMATCH);
    assertEquals(300_000, deleted.expectedMicros());
    assertEquals(0, deleted.actualMicros());
    Discrepancy forged =
        report.discrepancies().stream()
            .filter(d -> d.subject().equals("journal entry " + rogue))
            .findFirst()
            .orElseThrow();
    assertEquals(1_000_000, forged.actualMicros());
    Discrepancy missing = find(report, Kind.CHARGE_WITHOUT_ENTRY);
    assertEquals(3_000_000, missing.expectedMicros());
    assertTrue(missing.detail().contains(missingEntry.toString()));
    Discrepancy gap =
        report.discrepancies().stream()
            .filter(d -> d.subject().equals("usage " + gappy + "/2..4"))
            .findFirst()
            .orElseThrow();
    assertTrue(gap.detail().startsWith("2 of 3 sequence numbers below 5"), gap.detail());
  }

  /** A dead letter claiming {@code sequence} of {@code session}, as the consumer writes one. */
  private static void deadLetter(UUID session, long sequence) {
    db.update(
        "INSERT INTO billing.dead_letter (source_topic, source_partition, source_offset, reason,"
            + " detail, session_id, sequence, record, received_at)"
            + " VALUES ('usage.v1', 0, ?, 'overlapping-interval', 'test', ?, ?, ?, now())",
        java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
        session.toString(),
        sequence,
        new byte[] {1});
  }

  private static Discrepancy find(ReconciliationReport report, Kind kind) {
    return report.discrepancies().stream().filter(d -> d.kind() == kind).findFirst().orElseThrow();
  }

  /** A usage_charge row (one machine-hour line worth {@code rated}) written around billing. */
  private static void insertCharge(UUID session, long rated, long charged, UUID entry, Instant at) {
    insertCharge(session, 1, rated, charged, entry, at);
  }

  /** Record {@code sequence} of the session, otherwise as the overload above. */
  private static void insertCharge(
      UUID session, long sequence, long rated, long charged, UUID entry, Instant at) {
    db.update(
        "INSERT INTO billing.usage_charge (session_id, sequence, agreement_id, record_sha256,"
            + " customer_account_id, purchase_order_id, host_id, host_operator_id, interval_start,"
            + " interval_end, currency, rated_micros, charged_micros, fee_micros, journal_entry_id,"
            + " source_partition, source_offset, rated_at, "
            + ChargeComponents.COLUMNS
            + ") VALUES (?, ?, 'agr', ?, ?, ?, ?, ?, ?, ?, 'EUR', ?, ?, 0, ?, 0, 0, ?, "
            + ChargeComponents.PLACEHOLDERS
            + ")",
        ChargeComponents.with(
            new Object[] {
              session,
              sequence,
              new byte[32],
              acme,
              orderA,
              h1,
              hostco,
              at.minusSeconds(3600).atOffset(java.time.ZoneOffset.UTC),
              at.atOffset(java.time.ZoneOffset.UTC),
              rated,
              charged,
              entry,
              at.atOffset(java.time.ZoneOffset.UTC)
            },
            java.util.Map.of("machine-hour", new long[] {3600, rated, rated})));
  }
}
