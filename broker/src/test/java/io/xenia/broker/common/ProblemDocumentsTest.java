package io.xenia.broker.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.support.ApiClient;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a problem+json document with a stable type: never a 5xx, never partial state. */
class ProblemDocumentsTest {
  private static BrokerUnderTest broker;
  private static Marketplace market;
  private static Marketplace.Party customer;

  @BeforeAll
  static void start() {
    broker = BrokerUnderTest.start("problems");
    market = new Marketplace(broker);
    customer = market.customer("Pat Problem");
    market.deposit(customer, "10.00", "EUR");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static void assertProblem(ApiClient.Response r, int status, String type) {
    assertEquals(status, r.status(), r::toString);
    assertTrue(r.contentType().startsWith("application/problem+json"), r::toString);
    assertEquals(type, r.problemType(), r::toString);
    assertEquals(status, r.body().path("status").asInt());
    assertFalse(r.body().path("title").asText().isEmpty());
    assertFalse(r.body().path("detail").asText().isEmpty());
  }

  @Test
  void malformedJsonIsAMalformedRequest() {
    assertProblem(
        broker.api().post("/v1/purchase-orders", customer.token(), "{\"amountLimit\":"),
        400,
        "malformed-request");
    assertProblem(broker.api().post("/v1/accounts", null, "[1,2"), 400, "malformed-request");
  }

  @Test
  void missingAndInvalidFieldsAreListed() {
    var r =
        broker
            .api()
            .post("/v1/accounts", null, Map.of("kind", "customer", "contactEmail", "not-an-email"));
    assertProblem(r, 400, "validation-failed");
    var fields = r.body().path("errors").findValuesAsText("field");
    assertTrue(fields.contains("name"), r::toString);
    assertTrue(fields.contains("contactEmail"), r::toString);

    var kind =
        broker
            .api()
            .post(
                "/v1/accounts",
                null,
                Map.of("kind", "emperor", "name", "N", "contactEmail", "n@example.com"));
    assertProblem(kind, 400, "validation-failed");
  }

  @Test
  void moneyIsCheckedStrictly() {
    for (String amount :
        new String[] {"abc", "1e3", "1.2.3", "-5.00", "0", "0.00", "12.345678901"}) {
      var r = market.order(customer, amount, "EUR");
      assertEquals(400, r.status(), () -> amount + " " + r);
      assertEquals("validation-failed", r.problemType(), () -> amount + " " + r);
    }
    assertProblem(market.order(customer, "1.005", "EUR"), 422, "currency-not-allowed");
    assertProblem(market.order(customer, "1.00", "EURO"), 400, "validation-failed");
    assertProblem(market.order(customer, "1.00", "XYZ"), 400, "validation-failed");
    assertProblem(market.order(customer, "1.00", "USD"), 422, "insufficient-funds");
    var farFuture =
        broker
            .api()
            .post(
                "/v1/purchase-orders",
                customer.token(),
                Map.of(
                    "amountLimit",
                    Map.of("amount", "1.00", "currency", "EUR"),
                    "expiresAt",
                    "2999-01-01T00:00:00Z"));
    assertProblem(farFuture, 400, "validation-failed");
    var past =
        broker
            .api()
            .post(
                "/v1/purchase-orders",
                customer.token(),
                Map.of(
                    "amountLimit",
                    Map.of("amount", "1.00", "currency", "EUR"),
                    "expiresAt",
                    "2001-01-01T00:00:00Z"));
    assertProblem(past, 400, "validation-failed");
    // Nothing of the refused requests was kept.
    assertEquals("10.00", market.available(customer, "EUR"));
    assertEquals(
        0, broker.api().get("/v1/purchase-orders", customer.token()).body().path("items").size());
  }

  @Test
  void routingErrorsAreProblemsToo() {
    assertProblem(
        broker.api().get("/v1/purchase-orders/not-a-uuid", customer.token()),
        400,
        "malformed-request");
    assertProblem(
        broker.api().get("/v1/purchase-orders/" + java.util.UUID.randomUUID(), customer.token()),
        404,
        "not-found");
    assertProblem(broker.api().get("/v1/nothing-here", customer.token()), 404, "not-found");
    assertProblem(
        broker.api().delete("/v1/purchase-orders", customer.token()), 405, "method-not-allowed");
    var textBody =
        broker
            .api()
            .send(
                "POST",
                "/v1/purchase-orders",
                customer.token(),
                null,
                Map.of("Content-Type", "text/plain"));
    assertTrue(textBody.status() == 415 || textBody.status() == 400, textBody::toString);
    assertTrue(textBody.contentType().startsWith("application/problem+json"), textBody::toString);
    assertProblem(
        broker.api().get("/v1/purchase-orders?limit=0", customer.token()),
        400,
        "validation-failed");
    assertProblem(
        broker.api().get("/v1/purchase-orders?pageToken=zzz", customer.token()),
        400,
        "validation-failed");
    assertProblem(
        broker.api().get("/v1/purchase-orders?status=lost", customer.token()),
        400,
        "validation-failed");
  }

  @Test
  void idempotencyKeysAreValidated() {
    var r =
        broker
            .api()
            .post(
                "/v1/purchase-orders",
                customer.token(),
                Map.of(
                    "amountLimit",
                    Map.of("amount", "1.00", "currency", "EUR"),
                    "expiresAt",
                    java.time.Instant.now().plusSeconds(60).toString()),
                Map.of("Idempotency-Key", "x".repeat(256)));
    assertProblem(r, 400, "validation-failed");
  }
}
