package io.xenia.billing.rating;

import static io.xenia.billing.support.Usage.eur;
import static io.xenia.billing.support.Usage.prices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.protocol.records.UsageQuantities;
import org.junit.jupiter.api.Test;

class RaterTest {

  @Test
  void machineTimeIsThePerHourPriceForTheSecondsLeased() throws Exception {
    Rating r = Rater.rate(prices("3.60"), new UsageQuantities(0, 0, 0, 0, 60));
    assertEquals(eur("0.06"), r.total());
    assertEquals(1, r.lines().size());
    assertEquals(RatedLine.MACHINE_HOUR, r.lines().get(0).component());
    assertEquals(60, r.lines().get(0).measured());
  }

  @Test
  void eachLineIsRoundedDownToTheMicroUnitOnItsOwn() throws Exception {
    // 1.00/h for 1 s = 277.77… micros → 277; 0.05/GiB for 1 byte → 0.
    Rating r = Rater.rate(prices("1.00", "egress-gib", "0.05"), new UsageQuantities(0, 0, 1, 0, 1));
    assertEquals(eur("0.000277"), r.total());
    assertEquals(eur("0"), r.lines().get(1).amount());
  }

  @Test
  void perUnitPricesApplyToWhatTheHostMeasured() throws Exception {
    long twoGib = 2L << 30;
    Rating r =
        Rater.rate(
            prices("0", "egress-gib", "0.05", "cpu-core-hour", "0.10", "memory-gib-hour", "0.01"),
            new UsageQuantities(7200, 1024L * 3600, twoGib, 0, 3600));
    // 2 GiB × 0.05 + 2 core-hours × 0.10 + 1 GiB-hour × 0.01
    assertEquals(eur("0.31"), r.total());
    assertEquals(4, r.lines().size());
  }

  @Test
  void largeQuantitiesDoNotOverflowBeforeTheDivision() throws Exception {
    // 2^53-1 bytes at 1000.00/GiB: the product exceeds a long; the quotient does not.
    long bytes = (1L << 53) - 1;
    Rating r =
        Rater.rate(prices("0", "egress-gib", "1000.00"), new UsageQuantities(0, 0, bytes, 0, 0));
    assertEquals(8_388_607_999_999_999L, r.total().micros());
  }

  @Test
  void aUnitBillingCannotMeasureIsRefused() {
    var e =
        assertThrows(
            UnratableUsageException.class,
            () ->
                Rater.rate(prices("1.00", "gpu-hour", "2.00"), new UsageQuantities(0, 0, 0, 0, 1)));
    assertEquals(
        "the agreement prices the unit 'gpu-hour', which billing cannot measure", e.getMessage());
  }

  @Test
  void theFeeIsRoundedDownSoTheHostKeepsTheRemainder() {
    FeeRate fee = new FeeRate(250);
    assertEquals(eur("0.000002"), fee.feeOf(eur("0.000099")));
    assertEquals(eur("2.50"), fee.feeOf(eur("100")));
    assertThrows(IllegalArgumentException.class, () -> new FeeRate(10_001));
  }
}
