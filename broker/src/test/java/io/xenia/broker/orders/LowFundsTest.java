package io.xenia.broker.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.protocol.money.Money;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LowFundsTest {
  private static Money eur(String amount) {
    return Money.parse("EUR", amount);
  }

  @Test
  void theDefaultThresholdIsTenPercentOfTheLimitRoundedDown() {
    assertEquals(eur("1.00"), LowFunds.thresholdOf(eur("10.00"), Optional.empty()));
    assertEquals(
        Money.ofMicros(eur("0").currency(), 1),
        LowFunds.thresholdOf(Money.ofMicros(eur("0").currency(), 19), Optional.empty()));
    assertEquals(eur("7.50"), LowFunds.thresholdOf(eur("10.00"), Optional.of(eur("7.50"))));
  }

  @Test
  void lowMeansStrictlyBelowAndAZeroThresholdNeverFires() {
    assertTrue(LowFunds.isLow(eur("0.99"), eur("1.00")));
    assertFalse(LowFunds.isLow(eur("1.00"), eur("1.00")));
    assertFalse(LowFunds.isLow(eur("0"), eur("0")));
  }
}
