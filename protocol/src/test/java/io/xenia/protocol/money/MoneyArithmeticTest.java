package io.xenia.protocol.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoneyArithmeticTest {
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final Currency USD = Currency.getInstance("USD");

  @Test
  void addsAndSubtractsExactly() {
    Money tenth = Money.parse(EUR, "0.1");
    Money sum = Money.zero(EUR);
    for (int i = 0; i < 10; i++) {
      sum = sum.plus(tenth);
    }
    assertEquals(Money.parse(EUR, "1"), sum);
    assertEquals(Money.parse(EUR, "-0.9"), tenth.minus(Money.parse(EUR, "1.0")));
    assertEquals(Money.parse(EUR, "-0.1"), tenth.negate());
    assertEquals(tenth, tenth.negate().negate());
  }

  @Test
  void refusesMixedCurrencies() {
    Money eur = Money.parse(EUR, "1");
    Money usd = Money.parse(USD, "1");
    CurrencyMismatchException e =
        assertThrows(CurrencyMismatchException.class, () -> eur.plus(usd));
    assertEquals(EUR, e.left());
    assertEquals(USD, e.right());
    assertTrue(e.getMessage().contains("EUR") && e.getMessage().contains("USD"), e.getMessage());
    assertThrows(CurrencyMismatchException.class, () -> eur.minus(usd));
    assertThrows(CurrencyMismatchException.class, () -> eur.compareTo(usd));
    assertThrows(CurrencyMismatchException.class, () -> eur.compareTo(Money.zero(USD)));
    assertThrows(IllegalArgumentException.class, () -> usd.plus(eur));
  }

  @Test
  void refusesNullOperands() {
    Money eur = Money.parse(EUR, "1");
    assertThrows(NullPointerException.class, () -> eur.plus(null));
    assertThrows(NullPointerException.class, () -> eur.minus(null));
    assertThrows(NullPointerException.class, () -> eur.compareTo(null));
  }

  @Test
  void overflowThrowsInsteadOfWrapping() {
    Money max = Money.ofMicros(EUR, Long.MAX_VALUE);
    Money min = Money.ofMicros(EUR, Long.MIN_VALUE);
    Money one = Money.ofMicros(EUR, 1);
    assertThrows(ArithmeticException.class, () -> max.plus(one));
    assertThrows(ArithmeticException.class, () -> min.minus(one));
    assertThrows(ArithmeticException.class, () -> min.plus(one.negate()));
    assertThrows(ArithmeticException.class, () -> max.minus(one.negate()));
    assertThrows(ArithmeticException.class, min::negate);
    assertEquals(Money.ofMicros(EUR, -Long.MAX_VALUE), max.negate());
    assertEquals(Money.ofMicros(EUR, -1), max.plus(min));
  }

  @Test
  void signPredicates() {
    Money neg = Money.parse(EUR, "-0.000001");
    Money zero = Money.parse(EUR, "-0");
    Money pos = Money.parse(EUR, "0.000001");
    assertEquals(-1, neg.signum());
    assertEquals(0, zero.signum());
    assertEquals(1, pos.signum());
    assertTrue(neg.isNegative() && !neg.isZero() && !neg.isPositive());
    assertTrue(zero.isZero() && !zero.isNegative() && !zero.isPositive());
    assertTrue(pos.isPositive() && !pos.isZero() && !pos.isNegative());
  }

  @Test
  void equalityIgnoresTrailingZerosButNotCurrency() {
    assertEquals(Money.parse(EUR, "1.5"), Money.parse(EUR, "1.500000"));
    assertEquals(Money.parse(EUR, "1.5").hashCode(), Money.parse(EUR, "1.50").hashCode());
    assertNotEquals(Money.parse(EUR, "1"), Money.parse(USD, "1"));
    assertFalse(Money.zero(EUR).equals(Money.zero(USD)));
  }

  @Test
  void ordersByAmount() {
    List<Money> list = new ArrayList<>();
    for (String s : new String[] {"3", "-1", "0.000001", "0", "-1.000001", "2.5"}) {
      list.add(Money.parse(EUR, s));
    }
    Collections.sort(list);
    List<String> sorted = list.stream().map(Money::amount).toList();
    assertEquals(List.of("-1.000001", "-1.00", "0.00", "0.000001", "2.50", "3.00"), sorted);
    assertEquals(0, Money.parse(EUR, "1").compareTo(Money.parse(EUR, "1.0")));
  }
}
