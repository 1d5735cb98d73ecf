package io.xenia.broker.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.protocol.money.Money;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JournalEntryTest {
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final UUID CUSTOMER = UUID.randomUUID();
  private static final LedgerAccountKey AVAILABLE = LedgerAccountKey.available(CUSTOMER, EUR);
  private static final LedgerAccountKey EXTERNAL = LedgerAccountKey.external(EUR);

  private static JournalEntry entry(List<Posting> postings) {
    return new JournalEntry(
        UUID.randomUUID(),
        EntryKind.DEPOSIT,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        CUSTOMER,
        Instant.EPOCH,
        postings);
  }

  @Test
  void aTransferBalances() {
    var e =
        JournalEntry.transfer(
            UUID.randomUUID(),
            EntryKind.DEPOSIT,
            EXTERNAL,
            AVAILABLE,
            Money.parse(EUR, "100.00"),
            Optional.of(CUSTOMER),
            Optional.empty(),
            Optional.of("wire"),
            CUSTOMER,
            Instant.EPOCH);
    assertEquals(-100_000_000, e.postings().get(0).amount().micros());
    assertEquals(100_000_000, e.postings().get(1).amount().micros());
    assertEquals(EUR, e.currency());
  }

  @Test
  void anUnbalancedEntryCannotBeMade() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            entry(
                List.of(
                    new Posting(EXTERNAL, Money.parse(EUR, "-10.00")),
                    new Posting(AVAILABLE, Money.parse(EUR, "9.99")))));
  }

  @Test
  void anEntryNeedsTwoPostingsInOneCurrency() {
    assertThrows(
        IllegalArgumentException.class,
        () -> entry(List.of(new Posting(AVAILABLE, Money.parse(EUR, "1.00")))));
    Currency usd = Currency.getInstance("USD");
    assertThrows(
        IllegalArgumentException.class,
        () -> new Posting(LedgerAccountKey.available(CUSTOMER, usd), Money.parse(EUR, "1.00")));
  }

  @Test
  void zeroAndNegativeTransfersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Posting(AVAILABLE, Money.zero(EUR)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            JournalEntry.transfer(
                UUID.randomUUID(),
                EntryKind.DEPOSIT,
                EXTERNAL,
                AVAILABLE,
                Money.parse(EUR, "-1.00"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                CUSTOMER,
                Instant.EPOCH));
  }
}
