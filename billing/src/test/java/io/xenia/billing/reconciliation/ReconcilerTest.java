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
  static final UUID ENTRY = UUID.fromString("22222222-2222-4222-8222-222222222222");
  static final UUID ORDER = UUID.fromString("33333333-3333-4333-8333-333333333333");
  static final UUID HOSTCO = UUID.fromString("44444444-4444-4444-8444-444444444444");
  static final UUID METALCO = UUID.fromString("55555555-5555-4555-8555-555555555555");

  static ChargeFacts charge(
      long seq, long rated, long lines, long charged, long fee, long overrun, UUID operator) {
    return charge(seq, rated, lines, charged, fee, overrun, operator, ORDER);
  }

  static ChargeFacts charge(
      long seq,
      long rated,
      long lines,
      long charged,
      long fee,
      long overrun,
      UUID operator,
      UUID order) {
    return new ChargeFacts(
        new UUID(0, seq),
        seq,
        "EUR",
        rated,
        lines,
        charged,
        fee,
        overrun,
        ENTRY,
        true,
        order,
        operator);
  }

  static EntryPosting posting(String kind, String book, UUID owner, UUID order, long micros) {
    return new EntryPosting(
        ENTRY,
        kind,
        Reconciler.BILLING_ACCOUNT,
        "usage charges",
        Instant.EPOCH,
        "usage-charge",
        UUID.randomUUID(),
        book,
        owner,
        order,
        "EUR",
        micros);
  }

  /** The entry the charging writes for two records of one order, on two hosts' operators. */
  static void batchEntry(Reconciler r, long hostcoShare) {
    r.posting(
        posting("purchase-order-charge", "customer-ring-fenced", UUID.randomUUID(), ORDER, -180));
    r.posting(posting("purchase-order-charge", "host-payable", HOSTCO, null, hostcoShare));
    r.posting(posting("purchase-order-charge", "host-payable", METALCO, null, 100));
    r.posting(posting("purchase-order-charge", "platform-revenue", null, null, 80 - hostcoShare));
  }

  @Test
  void aBatchEntryAsBillingWritesItIsClean() {
    Reconciler r = new Reconciler();
    r.charge(charge(1, 100, 100, 80, 8, 20, HOSTCO));
    r.charge(charge(2, 100, 100, 100, 0, 0, METALCO));
    batchEntry(r, 72);
    r.account(new AccountFacts(ENTRY, "host-payable", "EUR", 72, 72));
    ReconciliationReport report = r.finish(RANGE, Instant.EPOCH);
    assertTrue(report.clean(), report.discrepancies().toString());
    assertEquals("0.00018", report.totals().get(0).charged().amount());
    assertEquals("0.00018", report.totals().get(0).takenFromOrders().amount());
  }

  @Test
  void eachBrokenRuleIsNamedWithItsAmounts() {
    Reconciler r = new Reconciler();
    r.charge(charge(1, 100, 90, 80, 8, 0, HOSTCO));
    r.charge(charge(2, 100, 100, 100, 0, 0, METALCO));
    batchEntry(r, 80); // Hostco got the platform's 8 as well
    List<Discrepancy> found = r.finish(RANGE, Instant.EPOCH).discrepancies();
    assertEquals(
        List.of(
            Kind.RATED_NOT_SUM_OF_LINES,
            Kind.RATED_NOT_CHARGED_PLUS_OVERRUN,
            Kind.ENTRY_POSTINGS_MISMATCH, // Hostco's host payable 80, not 72
            Kind.ENTRY_POSTINGS_MISMATCH, // platform 0, not 8
            Kind.BOOK_TOTAL_MISMATCH,
            Kind.BOOK_TOTAL_MISMATCH),
        found.stream().map(Discrepancy::kind).toList());
    assertEquals(72, found.get(2).expectedMicros());
    assertEquals(80, found.get(2).actualMicros());
    assertEquals("journal entry " + ENTRY + " (2 usage charges)", found.get(2).subject());
  }

  /**
   * One entry for a whole transaction (one per currency) charges two orders: each order's
   * ring-fenced line is checked against that order's charges, so money taken from the wrong order
   * is found even though the entry balances and its total is right.
   */
  @Test
  void anEntryOverSeveralOrdersIsCheckedOrderByOrder() {
    UUID other = UUID.fromString("66666666-6666-4666-8666-666666666666");
    Reconciler r = new Reconciler();
    r.charge(charge(1, 100, 100, 100, 0, 0, HOSTCO));
    r.charge(charge(2, 50, 50, 50, 0, 0, HOSTCO, other));
    r.posting(posting("purchase-order-charge", "customer-ring-fenced", null, ORDER, -120));
    r.posting(posting("purchase-order-charge", "customer-ring-fenced", null, other, -30));
    r.posting(posting("purchase-order-charge", "host-payable", HOSTCO, null, 150));
    List<Discrepancy> found = r.finish(RANGE, Instant.EPOCH).discrepancies();
    assertEquals(
        List.of(Kind.ENTRY_POSTINGS_MISMATCH, Kind.ENTRY_POSTINGS_MISMATCH),
        found.stream().map(Discrepancy::kind).toList());
    assertTrue(found.get(0).detail().contains("for order " + ORDER), found.get(0).detail());
    assertEquals(-100, found.get(0).expectedMicros());
    assertEquals(-120, found.get(0).actualMicros());
    assertTrue(found.get(1).detail().contains("for order " + other), found.get(1).detail());
  }

  @Test
  void anEntryOfAnotherKindIsNotABillingChargeAndAnUnnamedOneIsUnexplained() {
    Reconciler r = new Reconciler();
    r.charge(charge(1, 10, 10, 10, 0, 0, HOSTCO));
    r.posting(posting("deposit", "customer-ring-fenced", null, ORDER, -10));
    r.posting(posting("deposit", "host-payable", HOSTCO, null, 10));
    UUID stray = UUID.randomUUID();
    r.posting(
        new EntryPosting(
            stray,
            "credit-note",
            UUID.randomUUID(),
            "credit-note x",
            Instant.EPOCH,
            null,
            UUID.randomUUID(),
            "host-payable",
            HOSTCO,
            null,
            "EUR",
            -5));
    assertEquals(
        List.of(Kind.ENTRY_NOT_A_BILLING_CHARGE, Kind.ENTRY_WITHOUT_CHARGE),
        r.finish(RANGE, Instant.EPOCH).discrepancies().stream().map(Discrepancy::kind).toList());
  }

  @Test
  void aGapIsADiscrepancyUnlessDeadLettersClaimAllOfIt() {
    Reconciler r = new Reconciler();
    UUID session = new UUID(0, 7);
    r.gap(new SequenceGap(session, "EUR", 1, 5, 1));
    r.gap(new SequenceGap(new UUID(0, 8), "EUR", 1, 3, 1));
    List<Discrepancy> found = r.finish(RANGE, Instant.EPOCH).discrepancies();
    assertEquals(1, found.size(), found.toString());
    assertEquals(Kind.SEQUENCE_GAP, found.get(0).kind());
    assertEquals("usage " + session + "/2..4", found.get(0).subject());
    assertTrue(found.get(0).detail().startsWith("2 of 3 "), found.get(0).detail());
  }
}
