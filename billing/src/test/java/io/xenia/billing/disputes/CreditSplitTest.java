package io.xenia.billing.disputes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CreditSplitTest {
  @Test
  void theCreditIsTakenBackInTheProportionTheChargeGave() {
    // 2.00 charged, 0.10 of it the fee: 1.00 back is 0.95 from the host, 0.05 from the platform.
    assertEquals(new CreditSplit(950_000, 50_000), CreditSplit.of(1_000_000, 2_000_000, 100_000));
    // The whole line: exactly what each got.
    assertEquals(
        new CreditSplit(1_900_000, 100_000), CreditSplit.of(2_000_000, 2_000_000, 100_000));
    // Rounding: the host share is rounded down, the platform carries the rest.
    assertEquals(new CreditSplit(0, 1), CreditSplit.of(1, 3, 1));
    assertEquals(new CreditSplit(6, 1), CreditSplit.of(7, 3_000_000, 300_000));
    // No fee: all from the host.
    assertEquals(new CreditSplit(500, 0), CreditSplit.of(500, 1_000, 0));
  }

  @Test
  void aCreditIsPositiveAndAtMostTheLine() {
    assertThrows(IllegalArgumentException.class, () -> CreditSplit.of(0, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> CreditSplit.of(11, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> CreditSplit.of(1, 0, 0));
  }
}
