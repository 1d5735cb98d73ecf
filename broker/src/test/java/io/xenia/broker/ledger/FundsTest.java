package io.xenia.broker.ledger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.protocol.money.Money;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FundsTest {
  private static final Currency EUR = Currency.getInstance("EUR");

  private static Money eur(String amount) {
    return Money.parse(EUR, amount);
  }

  @Test
  void spendableIsAvailablePlusCredit() {
    var funds = new Funds(eur("40.00"), eur("10.00"));
    assertEquals(eur("50.00"), funds.spendable());
    assertDoesNotThrow(() -> funds.requireSpendable(eur("50.00")));
    var e = assertThrows(XeniaException.class, () -> funds.requireSpendable(eur("50.01")));
    assertEquals(ProblemType.INSUFFICIENT_FUNDS, e.type());
    assertEquals("50.00", e.extensions().get("available"));
  }

  @Test
  void aNegativeCreditLimitIsNotACreditLimit() {
    assertThrows(IllegalArgumentException.class, () -> new Funds(eur("1.00"), eur("-1.00")));
  }

  @Test
  void balancesGroupByCurrency() {
    UUID owner = UUID.randomUUID();
    Currency usd = Currency.getInstance("USD");
    var states =
        List.of(
            new LedgerAccountState(
                UUID.randomUUID(),
                LedgerAccountKey.available(owner, EUR),
                eur("-5.00"),
                Optional.of(eur("-20.00"))),
            new LedgerAccountState(
                UUID.randomUUID(),
                LedgerAccountKey.ringFenced(owner, UUID.randomUUID(), EUR),
                eur("7.00"),
                Optional.of(Money.zero(EUR))),
            new LedgerAccountState(
                UUID.randomUUID(),
                LedgerAccountKey.ringFenced(owner, UUID.randomUUID(), EUR),
                eur("3.00"),
                Optional.of(Money.zero(EUR))),
            new LedgerAccountState(
                UUID.randomUUID(),
                LedgerAccountKey.available(owner, usd),
                Money.parse(usd, "2.50"),
                Optional.of(Money.zero(usd))));
    var balances = CurrencyBalance.of(states);
    assertEquals(2, balances.size());
    var eurBalance = balances.get(0);
    assertEquals(EUR, eurBalance.currency());
    assertEquals(eur("10.00"), eurBalance.ringFenced());
    assertEquals(eur("20.00"), eurBalance.funds().creditLimit());
    assertEquals(eur("15.00"), eurBalance.funds().spendable());
    assertEquals(usd, balances.get(1).currency());
  }
}
