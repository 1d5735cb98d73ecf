package io.xenia.broker.ledger;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One balanced movement of money: at least two postings in one currency that sum to exactly zero.
 * An entry that does not balance cannot be constructed; the database checks the same rule again for
 * every statement that posts lines.
 */
public record JournalEntry(
    UUID id,
    EntryKind kind,
    Optional<UUID> account,
    Optional<UUID> purchaseOrder,
    Optional<String> reference,
    UUID createdBy,
    Instant createdAt,
    List<Posting> postings) {

  public JournalEntry {
    requireNonNull(id, "id is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(createdBy, "createdBy is null");
    requireNonNull(createdAt, "createdAt is null");
    postings = List.copyOf(postings);
    if (postings.size() < 2) {
      throw new IllegalArgumentException("a journal entry needs at least two postings");
    }
    Money sum = Money.zero(postings.get(0).amount().currency());
    for (Posting p : postings) {
      sum = sum.plus(p.amount()); // refuses mixed currencies
    }
    if (!sum.isZero()) {
      throw new IllegalArgumentException("journal entry does not balance: sum " + sum);
    }
  }

  public Currency currency() {
    return postings.get(0).amount().currency();
  }

  /** The entry that moves {@code amount} from one ledger account to another. */
  public static JournalEntry transfer(
      UUID id,
      EntryKind kind,
      LedgerAccountKey from,
      LedgerAccountKey to,
      Money amount,
      Optional<UUID> account,
      Optional<UUID> purchaseOrder,
      Optional<String> reference,
      UUID createdBy,
      Instant createdAt) {
    if (!amount.isPositive()) {
      throw new IllegalArgumentException("a transfer moves a positive amount, not " + amount);
    }
    return new JournalEntry(
        id,
        kind,
        account,
        purchaseOrder,
        reference,
        createdBy,
        createdAt,
        List.of(new Posting(from, amount.negate()), new Posting(to, amount)));
  }
}
