package io.xenia.billing.reconciliation;

import io.xenia.billing.reconciliation.Discrepancy.Kind;
import io.xenia.billing.reports.ReportRange;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Checks that a range's rated usage, its charges and the ledger agree, fed the facts one by one (so
 * a period of millions of charges streams through it). Pure; not thread-safe: one per
 * reconciliation.
 *
 * <p>The rules, per usage charge: rated = sum of its lines = charged + overrun; a charged record's
 * journal entry exists, is a {@code purchase-order-charge} made by billing, and posts exactly
 * {@code -charged} to the order's ring-fenced book, {@code charged - fee} to host payable and
 * {@code fee} to platform revenue. Every journal entry billing made must be explained by a charge.
 * Per currency, the postings of billing's entries over the range equal what the charges say. Per
 * ledger account billing posted to, the balance is the sum of its lines: balances are derived by
 * the broker's trigger, so then the change of every book's balance over the range is exactly its
 * postings.
 */
public final class Reconciler {
  /** The account billing's journal entries are made by (broker V014). */
  public static final UUID BILLING_ACCOUNT =
      UUID.fromString("00000000-0000-4000-8000-00000000b111");

  static final String CHARGE_KIND = "purchase-order-charge";

  private final Map<String, Sums> byCurrency = new TreeMap<>();
  private final List<Discrepancy> found = new ArrayList<>();

  public void charge(ChargeFacts c) {
    Sums sums = sums(c.currency());
    sums.records++;
    sums.rated += c.ratedMicros();
    sums.charged += c.chargedMicros();
    sums.fees += c.feeMicros();
    sums.overrun += c.overrunMicros();
    if (c.linesMicros() != c.ratedMicros()) {
      add(
          Kind.RATED_NOT_SUM_OF_LINES,
          c.subject(),
          c.currency(),
          c.ratedMicros(),
          c.linesMicros(),
          "rated worth differs from the sum of its rated lines");
    }
    long paidPlusOverrun = c.chargedMicros() + c.overrunMicros();
    if (paidPlusOverrun != c.ratedMicros()) {
      add(
          Kind.RATED_NOT_CHARGED_PLUS_OVERRUN,
          c.subject(),
          c.currency(),
          c.ratedMicros(),
          paidPlusOverrun,
          "charged " + c.chargedMicros() + " + overrun " + c.overrunMicros());
    }
    if (c.entryId() == null) {
      return;
    }
    if (!c.entryExists()) {
      add(
          Kind.CHARGE_WITHOUT_ENTRY,
          c.subject(),
          c.currency(),
          c.chargedMicros(),
          0,
          "names journal entry " + c.entryId() + ", which the ledger does not have");
      return;
    }
    sums.posted = sums.posted.plus(c.postings());
    String entry = "journal entry " + c.entryId() + " (" + c.subject() + ")";
    if (!CHARGE_KIND.equals(c.entryKind()) || !BILLING_ACCOUNT.equals(c.entryCreatedBy())) {
      add(
          Kind.ENTRY_NOT_A_BILLING_CHARGE,
          entry,
          c.currency(),
          0,
          0,
          "kind " + c.entryKind() + " made by " + c.entryCreatedBy());
    }
    compare(
        Kind.ENTRY_POSTINGS_MISMATCH,
        entry,
        c.currency(),
        BookPostings.ofCharge(c.chargedMicros(), c.feeMicros()),
        c.postings());
  }

  /** A journal entry billing made in the range that no usage charge names. */
  public void unexplainedEntry(EntryFacts e) {
    sums(e.currency()).posted = sums(e.currency()).posted.plus(e.postings());
    add(
        Kind.ENTRY_WITHOUT_CHARGE,
        "journal entry " + e.entryId(),
        e.currency(),
        0,
        -e.postings().ringFenced(),
        "kind "
            + e.kind()
            + ", reference "
            + e.reference()
            + ", made "
            + e.createdAt()
            + " by billing, named by no usage charge");
  }

  public void account(AccountFacts a) {
    if (a.balanceMicros() != a.linesMicros()) {
      add(
          Kind.BALANCE_DRIFT,
          "ledger account " + a.ledgerAccountId(),
          a.currency(),
          a.linesMicros(),
          a.balanceMicros(),
          a.book() + " balance is not the sum of its journal lines");
    }
  }

  public ReconciliationReport finish(ReportRange range, Instant generatedAt) {
    List<Discrepancy> all = new ArrayList<>(found);
    List<ReconciliationReport.Totals> totals = new ArrayList<>();
    for (Map.Entry<String, Sums> e : byCurrency.entrySet()) {
      Sums s = e.getValue();
      int before = found.size();
      compare(
          Kind.BOOK_TOTAL_MISMATCH,
          e.getKey(),
          e.getKey(),
          BookPostings.ofCharge(s.charged, s.fees),
          s.posted);
      all.addAll(found.subList(before, found.size()));
      Currency cur = Currency.getInstance(e.getKey());
      totals.add(
          new ReconciliationReport.Totals(
              e.getKey(),
              s.records,
              money(cur, s.rated),
              money(cur, s.charged),
              money(cur, s.overrun),
              money(cur, s.fees),
              money(cur, -s.posted.ringFenced()),
              money(cur, s.posted.hostPayable()),
              money(cur, s.posted.platformRevenue())));
    }
    return new ReconciliationReport(range, generatedAt, totals, all);
  }

  private void compare(
      Kind kind, String subject, String currency, BookPostings expected, BookPostings actual) {
    book(
        kind,
        subject,
        currency,
        "customer-ring-fenced",
        expected.ringFenced(),
        actual.ringFenced());
    book(kind, subject, currency, "host-payable", expected.hostPayable(), actual.hostPayable());
    book(
        kind,
        subject,
        currency,
        "platform-revenue",
        expected.platformRevenue(),
        actual.platformRevenue());
    book(kind, subject, currency, "other books", expected.other(), actual.other());
  }

  private void book(
      Kind kind, String subject, String currency, String book, long expected, long actual) {
    if (expected != actual) {
      String s = kind == Kind.BOOK_TOTAL_MISMATCH ? subject + " " + book : subject;
      add(kind, s, currency, expected, actual, book + " postings differ from the charges");
    }
  }

  private void add(
      Kind kind, String subject, String currency, long expected, long actual, String detail) {
    found.add(new Discrepancy(kind, subject, currency, expected, actual, detail));
  }

  private Sums sums(String currency) {
    return byCurrency.computeIfAbsent(currency, c -> new Sums());
  }

  private static Money money(Currency currency, long micros) {
    return Money.ofMicros(currency, micros);
  }

  /** Running sums of one currency; only touched by this reconciler's thread. */
  private static final class Sums {
    long records;
    long rated;
    long charged;
    long fees;
    long overrun;
    BookPostings posted = BookPostings.NONE;
  }
}
