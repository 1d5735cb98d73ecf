package io.xenia.broker.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.protocol.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PurchaseOrderTest {
  private static final Currency EUR = Currency.getInstance("EUR");
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  private static PurchaseOrder open(String limit, Instant expiresAt) {
    return PurchaseOrder.open(
        UUID.randomUUID(),
        UUID.randomUUID(),
        Money.parse(EUR, limit),
        Optional.empty(),
        expiresAt,
        NOW);
  }

  @Test
  void anOpenOrderClosesOnceAndAccountsForEveryCent() {
    var order = open("60.00", NOW.plus(Duration.ofDays(1)));
    var cancelled =
        order.close(PurchaseOrderStatus.CANCELLED, Money.parse(EUR, "45.50"), NOW.plusSeconds(5));
    assertEquals(PurchaseOrderStatus.CANCELLED, cancelled.status());
    assertEquals(Money.parse(EUR, "45.50"), cancelled.released());
    assertEquals(Money.parse(EUR, "14.50"), cancelled.spent(Money.zero(EUR)));
    var e =
        assertThrows(
            XeniaException.class,
            () ->
                cancelled.close(PurchaseOrderStatus.EXPIRED, Money.zero(EUR), NOW.plusSeconds(6)));
    assertEquals(ProblemType.PURCHASE_ORDER_NOT_OPEN, e.type());
  }

  @Test
  void expiryMustBeAheadAndWithinTheMaximumTerm() {
    assertThrows(XeniaException.class, () -> open("1.00", NOW));
    assertThrows(
        XeniaException.class, () -> open("1.00", NOW.plus(PurchaseOrder.MAX_TERM).plusSeconds(1)));
    assertTrue(open("1.00", NOW.plusSeconds(1)).isExpiredAt(NOW.plusSeconds(1)));
  }

  @Test
  void aLimitIsPositive() {
    assertThrows(IllegalArgumentException.class, () -> open("0.00", NOW.plusSeconds(60)));
  }
}
