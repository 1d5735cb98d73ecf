package io.xenia.broker.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.testsupport.PostgresServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When PostgreSQL goes away, the broker answers 503 service-unavailable problems (retry later) and
 * reports DOWN in /health, rather than hanging or failing with an internal error.
 */
class DatabaseOutageTest {
  @Test
  void anUnreachableDatabaseIsAServiceUnavailableProblem() {
    PostgresServer own = PostgresServer.builder().start();
    try (var broker = BrokerUnderTest.start(own, "outage", Map.of())) {
      var customer = new Marketplace(broker).customer("Olga Outage");
      own.close();

      var r = broker.api().get("/v1/accounts/" + customer.id(), customer.token());
      assertEquals(503, r.status(), r::toString);
      assertTrue(r.contentType().startsWith("application/problem+json"), r::toString);
      assertEquals("service-unavailable", r.problemType());

      var order = new Marketplace(broker).order(customer, "1.00", "EUR");
      assertEquals(503, order.status(), order::toString);

      var health = broker.api().get("/health", null);
      assertEquals(503, health.status(), health::toString);
      assertEquals("DOWN", health.body().path("details").path("database").path("status").asText());
    } finally {
      own.close();
    }
  }
}
