package io.xenia.broker.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Past its retention, an Idempotency-Key is forgotten: the same key then makes a new request. */
class IdempotencyPrunerTest {
  private static BrokerUnderTest broker;

  @BeforeAll
  static void start() {
    broker =
        BrokerUnderTest.start("idempotency_pruner", Map.of("xenia.idempotency.retention", "1ms"));
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void prunedKeysNoLongerReplay() throws Exception {
    var market = new Marketplace(broker);
    var pia = market.customer("Pia Prune");
    market.deposit(pia, "10.00", "EUR");
    Map<String, Object> body =
        Map.of(
            "amountLimit", Map.of("amount", "1.00", "currency", "EUR"),
            "expiresAt", Instant.now().plusSeconds(600).toString());
    Map<String, String> key = Map.of("Idempotency-Key", "k-1");
    var first = broker.api().post("/v1/purchase-orders", pia.token(), body, key);
    var replay = broker.api().post("/v1/purchase-orders", pia.token(), body, key);
    assertEquals(first.body().path("id"), replay.body().path("id"));

    Thread.sleep(10);
    broker.context().getBean(IdempotencyPruner.class).prune();

    var fresh = broker.api().post("/v1/purchase-orders", pia.token(), body, key);
    assertEquals(201, fresh.status(), fresh::toString);
    assertNotEquals(first.body().path("id"), fresh.body().path("id"));
    assertEquals("8.00", market.available(pia, "EUR"));
  }
}
