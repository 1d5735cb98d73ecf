package io.xenia.broker.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An order whose expiry passes is closed by the sweeper and gives its money back. */
class ExpiryTest {
  private static BrokerUnderTest broker;

  @BeforeAll
  static void start() {
    broker =
        BrokerUnderTest.start(
            "expiry", Map.of("xenia.purchase-orders.expiry-sweep-interval", "200ms"));
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void anExpiredOrderReleasesItsFunds() throws InterruptedException {
    var market = new Marketplace(broker);
    var max = market.customer("Max Expiry");
    market.deposit(max, "30.00", "EUR");
    var order =
        broker
            .api()
            .post(
                "/v1/purchase-orders",
                max.token(),
                Map.of(
                    "amountLimit", Map.of("amount", "12.00", "currency", "EUR"),
                    "expiresAt", Instant.now().plusMillis(800).toString()));
    assertEquals(201, order.status(), order::toString);
    assertEquals("18.00", market.available(max, "EUR"));
    String id = order.body().path("id").asText();
    String status = "open";
    for (int i = 0; i < 50 && status.equals("open"); i++) {
      Thread.sleep(100);
      status =
          broker.api().get("/v1/purchase-orders/" + id, max.token()).body().path("status").asText();
    }
    assertEquals("expired", status);
    assertEquals("30.00", market.available(max, "EUR"));
  }
}
