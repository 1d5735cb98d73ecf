package io.xenia.broker.ledger;

import io.xenia.protocol.money.Money;
import java.util.Optional;
import java.util.UUID;

/** A ledger account as read (and, inside {@link Ledger#lock}, locked) in a transaction. */
public record LedgerAccountState(
    UUID id, LedgerAccountKey key, Money balance, Optional<Money> floor) {}
