package io.xenia.protocol.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Currency;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyFormatTest {

  @ParameterizedTest
  @CsvSource({
    "EUR, 40000000, 40.00",
    "EUR, 222, 0.000222",
    "EUR, -1500000, -1.50",
    "EUR, 0, 0.00",
    "EUR, 1, 0.000001",
    "EUR, -1, -0.000001",
    "EUR, 10000, 0.01",
    "EUR, 1230000, 1.23",
    "EUR, 1234000, 1.234",
    "JPY, 5000000, 5",
    "JPY, 5500000, 5.5",
    "JPY, 0, 0",
    "BHD, 1000000, 1.000",
    "BHD, 1100000, 1.100",
    "CLF, 1000000, 1.0000",
    "XAU, 2000000, 2",
    "EUR, 9223372036854775807, 9223372036854.775807",
    "EUR, -9223372036854775808, -9223372036854.775808",
  })
  void formatsAmounts(String code, long micros, String expected) {
    assertEquals(expected, Money.ofMicros(Currency.getInstance(code), micros).amount());
  }

  @Test
  void toStringAppendsTheCode() {
    assertEquals("40.00 EUR", Money.parse("EUR", "40").toString());
    assertEquals("-1.50 EUR", Money.parse("EUR", "-1.5").toString());
    assertEquals("5 JPY", Money.parse("JPY", "5").toString());
  }

  @Test
  void amountParsesBackToAnEqualValue() {
    SplittableRandom random = new SplittableRandom(42);
    String[] codes = {"EUR", "JPY", "BHD", "USD", "CLF"};
    for (int i = 0; i < 10_000; i++) {
      Currency currency = Currency.getInstance(codes[i % codes.length]);
      long micros = i % 3 == 0 ? random.nextLong() : random.nextLong(-10_000_000L, 10_000_000L);
      Money money = Money.ofMicros(currency, micros);
      assertEquals(money, Money.parse(currency, money.amount()), money.amount());
    }
    for (long micros : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, 1, -1}) {
      Money money = Money.ofMicros(Currency.getInstance("EUR"), micros);
      assertEquals(money, Money.parse("EUR", money.amount()));
    }
  }

  @Test
  void wholeMinorUnits() {
    assertTrue(Money.parse("EUR", "1.23").isWholeMinorUnits());
    assertTrue(Money.parse("EUR", "-1.20").isWholeMinorUnits());
    assertTrue(Money.parse("EUR", "0").isWholeMinorUnits());
    assertFalse(Money.parse("EUR", "1.231").isWholeMinorUnits());
    assertFalse(Money.parse("EUR", "0.000001").isWholeMinorUnits());
    assertTrue(Money.parse("JPY", "7").isWholeMinorUnits());
    assertFalse(Money.parse("JPY", "7.5").isWholeMinorUnits());
    assertTrue(Money.parse("BHD", "1.234").isWholeMinorUnits());
    assertFalse(Money.parse("BHD", "1.2345").isWholeMinorUnits());
    assertTrue(
        Money.ofMicros(Currency.getInstance("EUR"), Long.MIN_VALUE + 5808).isWholeMinorUnits());
  }
}
