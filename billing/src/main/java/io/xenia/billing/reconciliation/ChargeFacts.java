package io.xenia.billing.reconciliation;

import java.util.UUID;

/**
 * A usage charge of the range as the database has it, with what its journal entry posts per book.
 *
 * @param entryId the {@code usage_charge.journal_entry_id}, null when nothing was charged
 * @param entryExists whether the ledger has that entry
 * @param entryKind and {@code entryCreatedBy}: the entry's, null when it does not exist
 */
public record ChargeFacts(
    UUID sessionId,
    long sequence,
    String currency,
    long ratedMicros,
    long linesMicros,
    long chargedMicros,
    long feeMicros,
    long overrunMicros,
    UUID entryId,
    boolean entryExists,
    String entryKind,
    UUID entryCreatedBy,
    BookPostings postings) {

  public String subject() {
    return "usage " + sessionId + "/" + sequence;
  }
}
