package io.xenia.billing.reconciliation;

import static java.util.Objects.requireNonNull;

/**
 * One thing that does not add up. {@code subject} names what is wrong ({@code usage
 * <session>/<seq>}, {@code usage <session>/<first>..<last>}, {@code journal entry <id>}, {@code
 * ledger account <id>}, {@code EUR host-payable}); amounts are micro-units of {@code currency}
 * (both 0 for a sequence gap: the missing records' worth is unknown).
 */
public record Discrepancy(
    Kind kind,
    String subject,
    String currency,
    long expectedMicros,
    long actualMicros,
    String detail) {

  public Discrepancy {
    requireNonNull(kind, "kind is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(detail, "detail is null");
  }

  /** What kind of rule broke; the slugs are stable (JSON, CSV, alerts). */
  public enum Kind {
    /** A record's rated worth is not the sum of its rated lines. */
    RATED_NOT_SUM_OF_LINES("rated-not-sum-of-lines"),
    /** A record's rated worth is not what its order paid plus its overrun. */
    RATED_NOT_CHARGED_PLUS_OVERRUN("rated-not-charged-plus-overrun"),
    /** A charged record names a journal entry the ledger does not have. */
    CHARGE_WITHOUT_ENTRY("charge-without-entry"),
    /** A charged record's journal entry is not a purchase-order charge made by billing. */
    ENTRY_NOT_A_BILLING_CHARGE("entry-not-a-billing-charge"),
    /** A charged record's journal entry moves other amounts (per book) than the record says. */
    ENTRY_POSTINGS_MISMATCH("entry-postings-mismatch"),
    /** A journal entry made by billing that no charge (nor credit note, nor payout) explains. */
    ENTRY_WITHOUT_CHARGE("entry-without-charge"),
    /** Over the range, a book's postings by billing differ from what the charges say. */
    BOOK_TOTAL_MISMATCH("book-total-mismatch"),
    /** A ledger account's balance is not the sum of its journal lines. */
    BALANCE_DRIFT("balance-drift"),
    /**
     * A session's sequence numbers below one charged in the range that were neither charged nor
     * refused: usage a host metered that billing never received (or has not yet).
     */
    SEQUENCE_GAP("sequence-gap");

    private final String slug;

    Kind(String slug) {
      this.slug = slug;
    }

    public String slug() {
      return slug;
    }
  }
}
