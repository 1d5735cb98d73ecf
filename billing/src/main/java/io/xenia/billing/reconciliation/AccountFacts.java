package io.xenia.billing.reconciliation;

import java.util.UUID;

/**
 * A ledger account billing posted to in the range: its stored balance (kept by the broker's
 * trigger) and the sum of all its journal lines, which must be equal.
 */
public record AccountFacts(
    UUID ledgerAccountId, String book, String currency, long balanceMicros, long linesMicros) {}
