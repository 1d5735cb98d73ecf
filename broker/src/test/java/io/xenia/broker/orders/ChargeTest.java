package io.xenia.broker.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.problems.Failures;
import io.xenia.broker.problems.ProblemType;
import io.xenia.broker.problems.XeniaException;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.protocol.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spend goes through {@link OrderService#charge}: concurrent charges never overdraw an order, host
 * and platform get their shares, the books balance.
 */
class ChargeTest {
  private static BrokerUnderTest broker;
  private static Marketplace market;
  private static OrderService orders;

  @BeforeAll
  static void start() {
    broker = BrokerUnderTest.start("charges");
    market = new Marketplace(broker);
    orders = broker.context().getBean(OrderService.class);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static Money eur(String amount) {
    return Money.parse("EUR", amount);
  }

  @Test
  void concurrentChargesNeverOverdrawAnOrder() {
    var customer = market.customer("Quinn Charged");
    var host = market.register("host-operator", "Hosting Ltd");
    market.deposit(customer, "10.00", "EUR");
    var order = market.order(customer, "10.00", "EUR");
    UUID orderId = UUID.fromString(order.body().path("id").asText());

    List<CompletableFuture<PurchaseOrderView>> charges = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      charges.add(
          orders.charge(
              new Charge(orderId, eur("1.00"), host.id(), eur("0.10"), "usage-" + i, host.id())));
    }
    int charged = 0;
    int refused = 0;
    for (var c : charges) {
      try {
        c.join();
        charged++;
      } catch (CompletionException e) {
        XeniaException problem = Failures.problemIn(e).orElseThrow(() -> e);
        assertEquals(ProblemType.INSUFFICIENT_FUNDS, problem.type());
        refused++;
      }
    }
    assertEquals(10, charged);
    assertEquals(20, refused);

    var view = broker.api().get("/v1/purchase-orders/" + orderId, customer.token());
    assertEquals("0.00", view.body().path("remaining").path("amount").asText());
    assertEquals("10.00", view.body().path("spent").path("amount").asText());
    var check = broker.api().get("/v1/ledger/check", broker.adminToken());
    assertTrue(check.body().path("balanced").asBoolean(), check::toString);
  }

  @Test
  void hostAndPlatformGetTheirSharesAndClosedOrdersTakeNoCharges() throws Exception {
    var customer = market.customer("Rae Shares");
    var host = market.register("host-operator", "Metal Co");
    market.deposit(customer, "20.00", "EUR");
    UUID orderId =
        UUID.fromString(market.order(customer, "20.00", "EUR").body().path("id").asText());
    var after =
        orders
            .charge(new Charge(orderId, eur("5.00"), host.id(), eur("0.50"), "usage-a", host.id()))
            .join();
    assertEquals("15.00", after.remaining().amount());
    try (var c = broker.jdbc();
        var s =
            c.prepareStatement(
                "SELECT book, balance_micros FROM ledger_account WHERE book IN"
                    + " ('host-payable', 'platform-revenue') AND (owner_account_id = ? OR owner_account_id IS NULL)"
                    + " ORDER BY book")) {
      s.setObject(1, host.id());
      try (var rs = s.executeQuery()) {
        rs.next();
        assertEquals("host-payable", rs.getString(1));
        assertEquals(4_500_000L, rs.getLong(2));
        rs.next();
        assertEquals("platform-revenue", rs.getString(1));
        assertTrue(rs.getLong(2) >= 500_000L);
      }
    }
    var cancel =
        broker.api().post("/v1/purchase-orders/" + orderId + "/cancel", customer.token(), null);
    assertEquals("15.00", cancel.body().path("released").path("amount").asText());
    assertEquals("5.00", cancel.body().path("spent").path("amount").asText());
    assertEquals("15.00", market.available(customer, "EUR"));
    var late =
        orders.charge(
            new Charge(
                orderId,
                eur("1.00"),
                host.id(),
                Money.zero(eur("1.00").currency()),
                "late",
                host.id()));
    var e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, late::join);
    assertEquals(ProblemType.PURCHASE_ORDER_NOT_OPEN, Failures.problemIn(e).orElseThrow().type());
  }
}
