package io.xenia.protocol.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyParseTest {
  private static final Currency EUR = Currency.getInstance("EUR");

  @ParameterizedTest
  @CsvSource({
    "100.00, 100000000",
    "-3.5, -3500000",
    "0.000001, 1",
    "-0.000001, -1",
    "0, 0",
    "-0, 0",
    "-0.000, 0",
    "007.10, 7100000",
    "1, 1000000",
    "12345.678901, 12345678901",
    "9223372036854.775807, 9223372036854775807",
    "-9223372036854.775808, -9223372036854775808",
  })
  void parsesPlainDecimals(String text, long micros) {
    assertEquals(micros, Money.parse(EUR, text).micros());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        "+1",
        " 1",
        "1 ",
        "1.",
        ".5",
        "-.5",
        "1.0000001",
        "0.0000000",
        "1e3",
        "1E3",
        "1,000.00",
        "1_000",
        "1..0",
        "1.2.3",
        "--1",
        "0x10",
        "NaN",
        "Infinity",
        "١٢",
        "1\n",
        "abc",
      })
  void refusesMalformedDecimals(String text) {
    MoneyFormatException e = assertThrows(MoneyFormatException.class, () -> Money.parse(EUR, text));
    assertTrue(e.getMessage().contains("amount \"" + text + "\""), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9223372036854.775808",
        "-9223372036854.775809",
        "9223372036855",
        "99999999999999999999",
        "-99999999999999999999.5",
      })
  void refusesOverflow(String text) {
    MoneyFormatException e = assertThrows(MoneyFormatException.class, () -> Money.parse(EUR, text));
    assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
  }

  @Test
  void messagesSayWhatIsWrong() {
    assertTrue(message("1.1234567").contains("more than 6 fraction digits"));
    assertTrue(message("1.").contains("after the decimal point"));
    assertTrue(message(".1").contains("before the decimal point"));
    assertTrue(message("").contains("empty"));
    assertTrue(message("1e3").contains("'e' at index 1"));
  }

  @Test
  void parsesCurrencyCodes() {
    assertEquals(Money.ofMicros(EUR, 1_500_000), Money.parse("EUR", "1.5"));
    assertEquals(Currency.getInstance("JPY"), Money.parse("JPY", "5").currency());
  }

  @Test
  void refusesUnknownCurrencyCodes() {
    for (String code : new String[] {"XYZ", "eur", "", "EURO", "€"}) {
      MoneyFormatException e =
          assertThrows(MoneyFormatException.class, () -> Money.parse(code, "1"));
      assertTrue(e.getMessage().contains("currency"), e.getMessage());
    }
  }

  @Test
  void refusesNulls() {
    assertThrows(NullPointerException.class, () -> Money.parse((Currency) null, "1"));
    assertThrows(NullPointerException.class, () -> Money.parse(EUR, null));
    assertThrows(NullPointerException.class, () -> Money.parse((String) null, "1"));
    assertThrows(NullPointerException.class, () -> Money.parse("EUR", null));
    assertThrows(NullPointerException.class, () -> Money.ofMicros(null, 1));
    assertThrows(NullPointerException.class, () -> Money.zero(null));
  }

  @Test
  void exceptionsAreIllegalArgumentExceptions() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Money.parse(EUR, "x"));
    assertEquals(MoneyFormatException.class, e.getClass());
  }

  private static String message(String text) {
    return assertThrows(MoneyFormatException.class, () -> Money.parse(EUR, text)).getMessage();
  }
}
