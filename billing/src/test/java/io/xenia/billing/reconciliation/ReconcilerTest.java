package io.xenia.billing.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.billing.reconciliation.Discrepancy.Kind;
import io.xenia.billing.reports.ReportRange;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  static final ReportRange RANGE =
      new ReportRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
  static final UUID SESSION = UUID.fromString("11111111-1111-4111-8111-111111111111");
  static final UUID ENTRY = UUID.fromString("22222222-2222-4222-8222-222222222222");

  static ChargeFacts charge(
      long rated, long lines, long charged, long fee, long overrun, BookPostings posted) {
    return new ChargeFacts(
        SESSION,
        1,
        "EUR",
        rated,
        lines,
        charged,
        fee,
        overrun,
        ENTRY,
        true,
        "purchase-order-charge",
        Reconciler.BILLING_ACCOUNT,
        posted);
  }

  @Test
  void aChargeAsBillingWritesItIsClean() {
    Reconciler r = new Reconciler();
    r.charge(charge(100, 100, 80, 8, 20, BookPostings.ofCharge(80, 8)));
    r.account(new AccountFacts(ENTRY, "host-payable", "EUR", 72, 72));
    ReconciliationReport report = r.finish(RANGE, Instant.EPOCH);
    assertTrue(report.clean(), report.discrepancies().toString());
    assertEquals("0.00008", report.totals().get(0).charged().amount());
  }

  @Test
  void eachBrokenRuleIsNamedWithItsAmounts() {
    Reconciler r = new Reconciler();
    r.charge(charge(100, 90, 80, 8, 0, new BookPostings(-80, 80, 0, 0)));
    List<Discrepancy> found = r.finish(RANGE, Instant.EPOCH).discrepancies();
    assertEquals(
        List.of(
            Kind.RATED_NOT_SUM_OF_LINES,
            Kind.RATED_NOT_CHARGED_PLUS_OVERRUN,
            Kind.ENTRY_POSTINGS_MISMATCH, // host payable 80, not 72
            Kind.ENTRY_POSTINGS_MISMATCH, // platform 0, not 8
            Kind.BOOK_TOTAL_MISMATCH,
            Kind.BOOK_TOTAL_MISMATCH),
        found.stream().map(Discrepancy::kind).toList());
    assertEquals(72, found.get(2).expectedMicros());
    assertEquals(80, found.get(2).actualMicros());
  }

  @Test
  void anEntryOfAnotherKindOrMakerIsNotABillingCharge() {
    Reconciler r = new Reconciler();
    r.charge(
        new ChargeFacts(
            SESSION,
            1,
            "EUR",
            10,
            10,
            10,
            0,
            0,
            ENTRY,
            true,
            "deposit",
            UUID.randomUUID(),
            BookPostings.ofCharge(10, 0)));
    assertEquals(
        List.of(Kind.ENTRY_NOT_A_BILLING_CHARGE),
        r.finish(RANGE, Instant.EPOCH).discrepancies().stream().map(Discrepancy::kind).toList());
  }
}
