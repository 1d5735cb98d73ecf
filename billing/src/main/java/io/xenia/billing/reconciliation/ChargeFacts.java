package io.xenia.billing.reconciliation;

import java.util.UUID;

/**
 * A usage charge of the range as billing's tables have it.
 *
 * @param entryId the {@code usage_charge.journal_entry_id} (one entry per currency per charging
 *     transaction), null when nothing was charged
 * @param entryExists whether the ledger has that entry
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
    UUID purchaseOrderId,
    UUID hostOperatorId) {

  public String subject() {
    return "usage " + sessionId + "/" + sequence;
  }
}
