package io.xenia.billing.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FocusExportTest {
  static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant END = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void anOrderThatRanOutPaysEachLineInProportionWithTheRestOnTheLargest() {
    // 8 of 11: floors 3, 2, 1 (6); the 2 left go to the largest line.
    assertEquals(List.of(5L, 2L, 1L), ChargeAllocation.allocate(8, List.of(5L, 4L, 2L)));
    assertEquals(List.of(2L, 1L), ChargeAllocation.allocate(3, List.of(3L, 3L)));
    assertEquals(List.of(5L, 4L, 2L), ChargeAllocation.allocate(11, List.of(5L, 4L, 2L)));
    assertEquals(List.of(0L, 0L), ChargeAllocation.allocate(0, List.of(5L, 4L)));
    assertThrows(IllegalArgumentException.class, () -> ChargeAllocation.allocate(12, List.of(5L)));
    assertThrows(IllegalArgumentException.class, () -> ChargeAllocation.allocate(-1, List.of(5L)));
  }

  @Test
  void oneRowPerComponentWithFocusColumns() {
    UUID session = UUID.fromString("11111111-1111-4111-8111-111111111111");
    FocusCharge charge =
        new FocusCharge(
            session,
            7,
            "agr-1",
            UUID.fromString("22222222-2222-4222-8222-222222222222"),
            "Acme",
            UUID.fromString("33333333-3333-4333-8333-333333333333"),
            UUID.fromString("44444444-4444-4444-8444-444444444444"),
            "rack-1",
            "Hostco",
            "eu-west",
            Instant.parse("2026-11-03T10:00:00Z"),
            Instant.parse("2026-11-03T11:00:00Z"),
            "EUR",
            2_050_000,
            List.of(
                new FocusCharge.Line("egress-gib", 2L << 30, 100_000, 200_000),
                new FocusCharge.Line("machine-hour", 3600, 2_000_000, 2_000_000)));
    List<List<Object>> rows = new FocusExport("Xenia").rows(START, END, charge);
    assertEquals(2, rows.size());
    List<Object> egress = rows.get(0);
    List<Object> machine = rows.get(1);
    // 2.05 of 2.20: egress floor(2.05 * 0.20 / 2.20) = 0.186363, machine the rest.
    assertEquals("1.863637", col(machine, "BilledCost"));
    assertEquals("machine-hour", col(machine, "SkuId"));
    assertEquals("1", col(machine, "PricingQuantity"));
    assertEquals("Hours", col(machine, "PricingUnit"));
    assertEquals("3600", col(machine, "ConsumedQuantity"));
    assertEquals("Seconds", col(machine, "ConsumedUnit"));
    assertEquals("0.186363", col(egress, "BilledCost"));
    assertEquals("0.186363", col(egress, "EffectiveCost"));
    assertEquals("0.20", col(egress, "ListCost"));
    assertEquals("0.20", col(egress, "ContractedCost"));
    assertEquals("0.10", col(egress, "ListUnitPrice"));
    assertEquals("0.013637", col(egress, "x_Overrun"));
    assertEquals("GiB", col(egress, "PricingUnit"));
    assertEquals("2", col(egress, "PricingQuantity"));
    assertEquals(session.toString(), col(egress, "ResourceId"));
    assertEquals("Hostco", col(egress, "PublisherName"));
    assertEquals("Xenia", col(egress, "InvoiceIssuerName"));
    assertEquals("2026-11-03T10:00:00Z", col(egress, "ChargePeriodStart"));
    assertEquals("agr-1/egress-gib", col(egress, "SkuPriceId"));
    for (List<Object> row : rows) {
      assertEquals(FocusExport.COLUMNS.size(), row.size());
    }
  }

  private static String col(List<Object> row, String column) {
    Object v = row.get(FocusExport.COLUMNS.indexOf(column));
    return v == null ? null : v.toString();
  }
}
