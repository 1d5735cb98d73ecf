package io.xenia.broker.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health, Prometheus metrics and the OpenAPI document are served without a key. */
class OperationsEndpointsTest {
  private static BrokerUnderTest broker;

  @BeforeAll
  static void start() {
    broker = BrokerUnderTest.start("operations");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void healthIsUp() {
    var r = broker.api().get("/health", null);
    assertEquals(200, r.status(), r::toString);
    assertEquals("UP", r.body().path("status").asText());
    assertEquals(
        "UP", r.body().path("details").path("database").path("status").asText(), r::toString);
  }

  @Test
  void prometheusMetricsIncludeHttpRequests() {
    new Marketplace(broker).customer("Metric Mia");
    var r = broker.api().get("/prometheus", null);
    assertEquals(200, r.status(), r::toString);
    String text = r.raw().body();
    assertTrue(text.contains("http_server_requests_seconds_count"), text);
    assertTrue(text.contains("jvm_memory_used_bytes"), text);
  }

  @Test
  void theOpenApiDocumentIsServed() {
    var r = broker.api().get("/openapi/xenia-broker.yml", null);
    assertEquals(200, r.status(), r::toString);
    assertTrue(r.raw().body().startsWith("openapi: 3.1"), r.raw().body());
  }
}
