package io.xenia.billing.reconciliation;

import java.time.Instant;
import java.util.UUID;

/**
 * What one journal entry of the range posts to one ledger account (the sum of its lines there),
 * with the entry's header and what of billing's explains it. The entries are those the range's
 * usage charges name and those billing made in the range: by the billing account ({@code
 * purchase-order-charge}) or as a credit note or payout.
 *
 * @param explainedBy {@code usage-charge}, {@code credit-note}, {@code payout}, or null when no row
 *     of billing's names the entry
 * @param owner the ledger account's owner (null for platform revenue and external)
 * @param purchaseOrder the ledger account's purchase order (ring-fenced accounts only)
 */
public record EntryPosting(
    UUID entryId,
    String kind,
    UUID createdBy,
    String reference,
    Instant createdAt,
    String explainedBy,
    UUID ledgerAccountId,
    String book,
    UUID owner,
    UUID purchaseOrder,
    String currency,
    long amountMicros) {}
