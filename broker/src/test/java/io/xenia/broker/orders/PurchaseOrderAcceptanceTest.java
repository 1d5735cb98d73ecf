package io.xenia.broker.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.support.ApiClient;
import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance walk of issue 2 through the REST API over real sockets, on a real PostgreSQL:
 * funds, purchase orders, insufficient funds, cancel, concurrency, idempotency, the ledger check,
 * isolation between customers, and a restart.
 */
class PurchaseOrderAcceptanceTest {
  private static BrokerUnderTest broker;
  private static Marketplace market;

  @BeforeAll
  static void start() {
    broker = BrokerUnderTest.start("po_acceptance");
    market = new Marketplace(broker);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void purchaseOrdersRingFenceFundsAndSurviveARestart() {
    var alice = market.customer("Alice Customer");
    market.deposit(alice, "100.00", "EUR");
    assertEquals("100.00", market.available(alice, "EUR"));

    var first = market.order(alice, "60.00", "EUR");
    assertEquals(201, first.status(), first::toString);
    assertEquals("open", first.body().path("status").asText());
    assertEquals("60.00", first.body().path("remaining").path("amount").asText());
    assertEquals("40.00", market.available(alice, "EUR"));

    var second = market.order(alice, "50.00", "EUR");
    assertEquals(422, second.status(), second::toString);
    assertEquals("insufficient-funds", second.problemType());
    assertTrue(second.contentType().startsWith("application/problem+json"));
    assertEquals("40.00", second.body().path("available").asText());

    String firstId = first.body().path("id").asText();
    var cancelled =
        broker.api().post("/v1/purchase-orders/" + firstId + "/cancel", alice.token(), null);
    assertEquals(200, cancelled.status(), cancelled::toString);
    assertEquals("cancelled", cancelled.body().path("status").asText());
    assertEquals("60.00", cancelled.body().path("released").path("amount").asText());
    assertEquals("100.00", market.available(alice, "EUR"));

    var again =
        broker.api().post("/v1/purchase-orders/" + firstId + "/cancel", alice.token(), null);
    assertEquals(409, again.status(), again::toString);
    assertEquals("purchase-order-not-open", again.problemType());

    // A second customer sees nothing of Alice's.
    var bob = market.customer("Bob Customer");
    var peek = broker.api().get("/v1/purchase-orders/" + firstId, bob.token());
    assertEquals(404, peek.status(), peek::toString);
    assertEquals("not-found", peek.problemType());
    assertEquals(
        0, broker.api().get("/v1/purchase-orders", bob.token()).body().path("items").size());
    assertEquals(
        404, broker.api().get("/v1/accounts/" + alice.id() + "/balances", bob.token()).status());
    var bobCancels =
        broker.api().post("/v1/purchase-orders/" + firstId + "/cancel", bob.token(), null);
    assertEquals(404, bobCancels.status(), bobCancels::toString);

    broker.restart();

    assertEquals("100.00", market.available(alice, "EUR"));
    var reread = broker.api().get("/v1/purchase-orders/" + firstId, alice.token());
    assertEquals(200, reread.status(), reread::toString);
    assertEquals("cancelled", reread.body().path("status").asText());
    assertLedgerBalanced();
  }

  @Test
  void fiftyConcurrentOrdersAgainstAHundredSucceedExactlyTenTimes() throws Exception {
    var carol = market.customer("Carol Concurrent");
    market.deposit(carol, "100.00", "EUR");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<CompletableFuture<ApiClient.Response>> attempts = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        attempts.add(
            CompletableFuture.supplyAsync(() -> market.order(carol, "10.00", "EUR"), pool));
      }
      int created = 0;
      int refused = 0;
      for (var attempt : attempts) {
        var r = attempt.get();
        if (r.status() == 201) {
          created++;
        } else {
          assertEquals(422, r.status(), r::toString);
          assertEquals("insufficient-funds", r.problemType());
          refused++;
        }
      }
      assertEquals(10, created);
      assertEquals(40, refused);
    } finally {
      pool.shutdownNow();
    }
    assertEquals("0.00", market.available(carol, "EUR"));
    var open = broker.api().get("/v1/purchase-orders?status=open&limit=200", carol.token());
    assertEquals(10, open.body().path("items").size());
    assertLedgerBalanced();
  }

  @Test
  void aRetriedPostWithTheSameIdempotencyKeyCreatesNothingNew() throws Exception {
    var dave = market.customer("Dave Retry");
    market.deposit(dave, "100.00", "EUR");
    Map<String, Object> body =
        Map.of(
            "amountLimit", Map.of("amount", "30.00", "currency", "EUR"),
            "expiresAt", Instant.now().plusSeconds(3600).toString());
    Map<String, String> key = Map.of("Idempotency-Key", "order-dave-1");

    // Concurrent duplicates and a late retry all get the one order.
    ExecutorService pool = Executors.newFixedThreadPool(5);
    List<CompletableFuture<ApiClient.Response>> tries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tries.add(
          CompletableFuture.supplyAsync(
              () -> broker.api().post("/v1/purchase-orders", dave.token(), body, key), pool));
    }
    String id = null;
    int replays = 0;
    for (var t : tries) {
      var r = t.get();
      assertEquals(201, r.status(), r::toString);
      if (id == null) {
        id = r.body().path("id").asText();
      }
      assertEquals(id, r.body().path("id").asText());
      if ("true".equals(r.header("Idempotent-Replayed"))) {
        replays++;
      }
    }
    pool.shutdownNow();
    assertEquals(4, replays);
    var late = broker.api().post("/v1/purchase-orders", dave.token(), body, key);
    assertEquals(id, late.body().path("id").asText());
    assertEquals("true", late.header("Idempotent-Replayed"));
    assertEquals("70.00", market.available(dave, "EUR"));
    assertEquals(
        1, broker.api().get("/v1/purchase-orders", dave.token()).body().path("items").size());

    Map<String, Object> other =
        Map.of(
            "amountLimit", Map.of("amount", "31.00", "currency", "EUR"),
            "expiresAt", Instant.now().plusSeconds(3600).toString());
    var reused = broker.api().post("/v1/purchase-orders", dave.token(), other, key);
    assertEquals(422, reused.status(), reused::toString);
    assertEquals("idempotency-key-reused", reused.problemType());

    // The same key from another account is that account's own key.
    var erin = market.customer("Erin Other");
    market.deposit(erin, "50.00", "EUR");
    var hers = broker.api().post("/v1/purchase-orders", erin.token(), body, key);
    assertEquals(201, hers.status(), hers::toString);
    assertNotEquals(id, hers.body().path("id").asText());

    // Deposits are idempotent too.
    Map<String, Object> deposit =
        Map.of(
            "amount", Map.of("amount", "5.00", "currency", "EUR"), "externalReference", "wire-1");
    Map<String, String> depositKey = Map.of("Idempotency-Key", "deposit-wire-1");
    var d1 =
        broker
            .api()
            .post(
                "/v1/accounts/" + dave.id() + "/deposits",
                broker.adminToken(),
                deposit,
                depositKey);
    var d2 =
        broker
            .api()
            .post(
                "/v1/accounts/" + dave.id() + "/deposits",
                broker.adminToken(),
                deposit,
                depositKey);
    assertEquals(201, d1.status(), d1::toString);
    assertEquals(d1.body().path("entryId"), d2.body().path("entryId"));
    assertEquals("75.00", market.available(dave, "EUR"));
    assertLedgerBalanced();
  }

  @Test
  void aCreditLimitExtendsWhatMayBeCommitted() {
    var fay = market.customer("Fay Credit");
    market.deposit(fay, "10.00", "EUR");
    var limit =
        broker
            .api()
            .put(
                "/v1/accounts/" + fay.id() + "/credit-limit",
                broker.adminToken(),
                Map.of("limit", Map.of("amount", "25.00", "currency", "EUR")));
    assertEquals(200, limit.status(), limit::toString);
    assertEquals("35.00", limit.body().path("spendable").path("amount").asText());
    assertEquals(201, market.order(fay, "35.00", "EUR").status());
    assertEquals("-25.00", market.available(fay, "EUR"));
    assertEquals(422, market.order(fay, "0.01", "EUR").status());
    var lower =
        broker
            .api()
            .put(
                "/v1/accounts/" + fay.id() + "/credit-limit",
                broker.adminToken(),
                Map.of("limit", Map.of("amount", "5.00", "currency", "EUR")));
    assertEquals(422, lower.status(), lower::toString);
    assertEquals("insufficient-funds", lower.problemType());
    // A customer cannot raise its own limit.
    var self =
        broker
            .api()
            .put(
                "/v1/accounts/" + fay.id() + "/credit-limit",
                fay.token(),
                Map.of("limit", Map.of("amount", "1000.00", "currency", "EUR")));
    assertEquals(403, self.status(), self::toString);
    assertLedgerBalanced();
  }

  private static void assertLedgerBalanced() {
    var check = broker.api().get("/v1/ledger/check", broker.adminToken());
    assertEquals(200, check.status(), check::toString);
    assertTrue(check.body().path("balanced").asBoolean(), check::toString);
    for (var c : check.body().path("currencies")) {
      assertEquals(0, new java.math.BigDecimal(c.path("sum").asText()).signum(), check::toString);
    }
  }
}
