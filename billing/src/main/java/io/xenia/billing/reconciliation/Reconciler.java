package io.xenia.billing.reconciliation;

import io.xenia.billing.reconciliation.Discrepancy.Kind;
import io.xenia.billing.reports.ReportRange;
import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Checks that a range's rated usage, its charges and the ledger agree, fed the facts one by one.
 * Pure; not thread-safe: one per reconciliation. Memory grows with the range's journal entries (one
 * per currency per charging transaction) and the accounts they touch, not with its charges.
 *
 * <p>The rules. Per usage charge: rated = sum of its lines = charged + overrun; the journal entry
 * it names exists. Per charge entry: it is a {@code purchase-order-charge} made by billing and
 * posts exactly what its charges say: {@code −Σ charged} to each of their orders' ring-fenced
 * accounts, {@code Σ (charged − fee)} to each host operator's host-payable, {@code Σ fee} to
 * platform revenue, nothing elsewhere. Every entry billing made in the range (its charges, credit
 * notes, payouts) is named by a row of billing's. Below each record charged in the range, a
 * session's sequence numbers are charged or refused (dead letters): none is missing. Per currency,
 * the postings of charge entries equal what the charges say. Per ledger account those entries
 * touched, the balance is the sum of its lines: balances are derived by the broker's trigger, so
 * then each book's change over the range is exactly its postings.
 */
public final class Reconciler {
  /** The account billing's charge entries are made by (broker V014). */
  public static final UUID BILLING_ACCOUNT =
      UUID.fromString("00000000-0000-4000-8000-00000000b111");

  static final String CHARGE_KIND = "purchase-order-charge";
  static final String RING_FENCED = "customer-ring-fenced";
  static final String HOST_PAYABLE = "host-payable";
  static final String PLATFORM_REVENUE = "platform-revenue";

  /** A ledger account as the rules name it: book, owner, order, currency. */
  record AccountKey(String book, UUID owner, UUID order, String currency) {
    @Override
    public String toString() {
      return book
          + (owner == null ? "" : " of " + owner)
          + (order == null ? "" : " for order " + order);
    }
  }

  private final Map<String, Sums> byCurrency = new TreeMap<>();
  private final List<Discrepancy> found = new ArrayList<>();

  /** Per charge entry: what its charges say it posts, and how many charges name it. */
  private final Map<UUID, Map<AccountKey, Long>> expected = new LinkedHashMap<>();

  private final Map<UUID, Integer> chargesOf = new LinkedHashMap<>();

  /** Per entry of the range: what it posts, and its header (the first posting seen). */
  private final Map<UUID, Map<AccountKey, Long>> actual = new LinkedHashMap<>();

  private final Map<UUID, EntryPosting> headers = new LinkedHashMap<>();

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
    Map<AccountKey, Long> postings =
        expected.computeIfAbsent(c.entryId(), e -> new LinkedHashMap<>());
    chargesOf.merge(c.entryId(), 1, Integer::sum);
    long hostShare = c.chargedMicros() - c.feeMicros();
    post(
        postings,
        new AccountKey(RING_FENCED, null, c.purchaseOrderId(), c.currency()),
        -c.chargedMicros());
    post(postings, new AccountKey(HOST_PAYABLE, c.hostOperatorId(), null, c.currency()), hostShare);
    post(postings, new AccountKey(PLATFORM_REVENUE, null, null, c.currency()), c.feeMicros());
    sums.expectedPostings.merge(RING_FENCED, -c.chargedMicros(), Long::sum);
    sums.expectedPostings.merge(HOST_PAYABLE, hostShare, Long::sum);
    sums.expectedPostings.merge(PLATFORM_REVENUE, c.feeMicros(), Long::sum);
  }

  /** One posting of an entry of the range (any order; an entry's postings may come apart). */
  public void posting(EntryPosting p) {
    headers.putIfAbsent(p.entryId(), p);
    if (p.book() == null) {
      return; // an entry without lines: its header only
    }
    // A ring-fenced account is named by its order; its owner is the order's customer anyway.
    AccountKey key =
        RING_FENCED.equals(p.book())
            ? new AccountKey(p.book(), null, p.purchaseOrder(), p.currency())
            : new AccountKey(p.book(), p.owner(), p.purchaseOrder(), p.currency());
    post(actual.computeIfAbsent(p.entryId(), e -> new LinkedHashMap<>()), key, p.amountMicros());
  }

  public void gap(SequenceGap g) {
    if (g.unexplained() <= 0) {
      return; // every missing record was refused, with its reason, in billing.dead_letter
    }
    add(
        Kind.SEQUENCE_GAP,
        "usage " + g.session() + "/" + (g.after() + 1) + ".." + (g.before() - 1),
        g.currency(),
        0,
        0,
        g.unexplained()
            + " of "
            + g.missing()
            + " sequence numbers below "
            + g.before()
            + " neither charged nor dead-lettered: usage the host numbered that billing has not"
            + " received");
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
    for (Map.Entry<UUID, EntryPosting> e : headers.entrySet()) {
      checkEntry(e.getKey(), e.getValue());
    }
    List<ReconciliationReport.Totals> totals = new ArrayList<>();
    for (Map.Entry<String, Sums> e : byCurrency.entrySet()) {
      String currency = e.getKey();
      Sums s = e.getValue();
      for (String book : List.of(RING_FENCED, HOST_PAYABLE, PLATFORM_REVENUE, "other books")) {
        long want = s.expectedPostings.getOrDefault(book, 0L);
        long got = s.actualPostings.getOrDefault(book, 0L);
        if (want != got) {
          add(
              Kind.BOOK_TOTAL_MISMATCH,
              currency + " " + book,
              currency,
              want,
              got,
              "postings of billing's charge entries differ from the charges");
        }
      }
      Currency cur = Currency.getInstance(currency);
      totals.add(
          new ReconciliationReport.Totals(
              currency,
              s.records,
              money(cur, s.rated),
              money(cur, s.charged),
              money(cur, s.overrun),
              money(cur, s.fees),
              money(cur, -s.actualPostings.getOrDefault(RING_FENCED, 0L)),
              money(cur, s.actualPostings.getOrDefault(HOST_PAYABLE, 0L)),
              money(cur, s.actualPostings.getOrDefault(PLATFORM_REVENUE, 0L))));
    }
    return new ReconciliationReport(range, generatedAt, totals, found);
  }

  private void checkEntry(UUID entry, EntryPosting header) {
    if (header.currency() == null) {
      header = withCurrency(header, entry);
    }
    Map<AccountKey, Long> got = actual.getOrDefault(entry, Map.of());
    boolean chargeEntry =
        CHARGE_KIND.equals(header.kind()) && BILLING_ACCOUNT.equals(header.createdBy());
    if (header.explainedBy() == null) {
      if (chargeEntry) {
        addToTotals(header, got);
      }
      add(
          Kind.ENTRY_WITHOUT_CHARGE,
          "journal entry " + entry,
          header.currency(),
          0,
          -got.entrySet().stream()
              .filter(k -> RING_FENCED.equals(k.getKey().book()))
              .mapToLong(Map.Entry::getValue)
              .sum(),
          "kind "
              + header.kind()
              + ", reference "
              + header.reference()
              + ", made "
              + header.createdAt()
              + " by "
              + header.createdBy()
              + ": named by no usage charge, credit note or payout");
      return;
    }
    Map<AccountKey, Long> want = expected.get(entry);
    if (want == null) {
      return; // a credit note's or a payout's: explained; its amounts are the invoices part's rules
    }
    addToTotals(header, got);
    String subject = "journal entry " + entry + " (" + chargesOf.get(entry) + " usage charges)";
    if (!chargeEntry) {
      add(
          Kind.ENTRY_NOT_A_BILLING_CHARGE,
          subject,
          header.currency(),
          0,
          0,
          "kind " + header.kind() + " made by " + header.createdBy());
    }
    Map<AccountKey, Long> keys = new LinkedHashMap<>(want);
    got.keySet().forEach(k -> keys.putIfAbsent(k, 0L));
    for (AccountKey k : keys.keySet()) {
      long w = want.getOrDefault(k, 0L);
      long g = got.getOrDefault(k, 0L);
      if (w != g) {
        add(
            Kind.ENTRY_POSTINGS_MISMATCH,
            subject,
            k.currency(),
            w,
            g,
            k + " posted " + g + ", its charges say " + w);
      }
    }
  }

  /** An entry without lines has no account currency: take its charges' (or leave it unknown). */
  private EntryPosting withCurrency(EntryPosting h, UUID entry) {
    String currency =
        expected.getOrDefault(entry, Map.of()).keySet().stream()
            .map(AccountKey::currency)
            .findFirst()
            .orElse("XXX");
    return new EntryPosting(
        h.entryId(),
        h.kind(),
        h.createdBy(),
        h.reference(),
        h.createdAt(),
        h.explainedBy(),
        null,
        null,
        null,
        null,
        currency,
        0);
  }

  private void addToTotals(EntryPosting header, Map<AccountKey, Long> got) {
    Sums s = sums(header.currency());
    for (Map.Entry<AccountKey, Long> p : got.entrySet()) {
      String book = p.getKey().book();
      String bucket =
          RING_FENCED.equals(book) || HOST_PAYABLE.equals(book) || PLATFORM_REVENUE.equals(book)
              ? book
              : "other books";
      s.actualPostings.merge(bucket, p.getValue(), Long::sum);
    }
  }

  private static void post(Map<AccountKey, Long> postings, AccountKey key, long micros) {
    if (micros != 0) {
      postings.merge(key, micros, Long::sum);
      postings.remove(key, 0L);
    }
  }

  private void add(
      Kind kind, String subject, String currency, long expected, long actual, String detail) {
    found.add(
        new Discrepancy(
            kind, subject, Objects.requireNonNullElse(currency, "?"), expected, actual, detail));
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
    final Map<String, Long> expectedPostings = new TreeMap<>();
    final Map<String, Long> actualPostings = new TreeMap<>();
  }
}
