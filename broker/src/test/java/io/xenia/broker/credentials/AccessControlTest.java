package io.xenia.broker.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.protocol.credentials.ApiKeyToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Registration, API keys (scopes, revocation, expiry) and who may see what, through the real API.
 */
class AccessControlTest {
  private static BrokerUnderTest broker;
  private static Marketplace market;

  @BeforeAll
  static void start() {
    broker = BrokerUnderTest.start("access_control");
    market = new Marketplace(broker);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void aCustomerRegistersAndGetsAKeyShownOnce() {
    var r =
        broker
            .api()
            .post(
                "/v1/accounts",
                null,
                Map.of("kind", "customer", "name", "Ann", "contactEmail", "ann@example.com"));
    assertEquals(201, r.status(), r::toString);
    String token = r.body().path("apiKey").path("token").asText();
    assertTrue(token.startsWith("xk_"), token);
    String id = r.body().path("account").path("id").asText();
    var self = broker.api().get("/v1/accounts/" + id, token);
    assertEquals(200, self.status(), self::toString);
    assertEquals("customer", self.body().path("kind").asText());
    var keys = broker.api().get("/v1/accounts/" + id + "/api-keys", token);
    assertEquals(1, keys.body().path("items").size());
    assertTrue(keys.body().path("items").get(0).path("token").isMissingNode(), "token listed");
  }

  @Test
  void staffAccountsNeedAnAdmin() {
    var anonymous =
        broker
            .api()
            .post(
                "/v1/accounts",
                null,
                Map.of("kind", "admin", "name", "Mallory", "contactEmail", "m@example.com"));
    assertEquals(401, anonymous.status(), anonymous::toString);
    var customer = market.customer("Cid");
    var byCustomer =
        broker
            .api()
            .post(
                "/v1/accounts",
                customer.token(),
                Map.of("kind", "finance", "name", "F", "contactEmail", "f@example.com"));
    assertEquals(403, byCustomer.status(), byCustomer::toString);
    // A customer's key does not stand in the way of registering another customer.
    var referral =
        broker
            .api()
            .post(
                "/v1/accounts",
                customer.token(),
                Map.of("kind", "customer", "name", "Referred", "contactEmail", "r@example.com"));
    assertEquals(201, referral.status(), referral::toString);
    var finance = market.register("finance", "Fiona Finance");
    assertNotNull(finance.token());
    // Finance may deposit and read the ledger, but not open orders.
    assertEquals(200, broker.api().get("/v1/ledger/check", finance.token()).status());
    assertEquals(403, market.order(finance, "1.00", "EUR").status());
    assertEquals(403, broker.api().get("/v1/ledger/check", customer.token()).status());
  }

  @Test
  void scopesLimitWhatAKeyMayDo() {
    var gus = market.customer("Gus");
    market.deposit(gus, "20.00", "EUR");
    var readOnly =
        broker
            .api()
            .post(
                "/v1/accounts/" + gus.id() + "/api-keys",
                gus.token(),
                Map.of("name", "dashboard", "scopes", List.of("orders:read", "funds:read")));
    assertEquals(201, readOnly.status(), readOnly::toString);
    String token = readOnly.body().path("token").asText();
    var party = new Marketplace.Party(gus.id(), token);
    var refused = market.order(party, "1.00", "EUR");
    assertEquals(403, refused.status(), refused::toString);
    assertEquals("forbidden", refused.problemType());
    assertEquals("orders:write", refused.body().path("requiredScope").asText());
    assertEquals(200, broker.api().get("/v1/purchase-orders", token).status());

    var tooMuch =
        broker
            .api()
            .post(
                "/v1/accounts/" + gus.id() + "/api-keys",
                gus.token(),
                Map.of("name", "greedy", "scopes", List.of("ledger:read")));
    assertEquals(400, tooMuch.status(), tooMuch::toString);
    assertEquals("validation-failed", tooMuch.problemType());
    var unknown =
        broker
            .api()
            .post(
                "/v1/accounts/" + gus.id() + "/api-keys",
                gus.token(),
                Map.of("name", "typo", "scopes", List.of("orders:wrte")));
    assertEquals(400, unknown.status(), unknown::toString);
  }

  @Test
  void aRevokedKeyIsRefusedAtOnce() {
    var hal = market.customer("Hal");
    var second =
        broker
            .api()
            .post("/v1/accounts/" + hal.id() + "/api-keys", hal.token(), Map.of("name", "ci"));
    String token = second.body().path("token").asText();
    String keyId = second.body().path("apiKey").path("id").asText();
    assertEquals(200, broker.api().get("/v1/accounts/" + hal.id(), token).status());
    var revoked =
        broker.api().delete("/v1/accounts/" + hal.id() + "/api-keys/" + keyId, hal.token());
    assertEquals(200, revoked.status(), revoked::toString);
    assertEquals("revoked", revoked.body().path("status").asText());
    var after = broker.api().get("/v1/accounts/" + hal.id(), token);
    assertEquals(401, after.status(), after::toString);
    assertEquals("unauthenticated", after.problemType());
    assertEquals("the API key was revoked", after.body().path("detail").asText());
    assertTrue(after.header("WWW-Authenticate").startsWith("Bearer"));
  }

  @Test
  void anExpiredKeyIsRefused() throws InterruptedException {
    var ivy = market.customer("Ivy");
    var shortLived =
        broker
            .api()
            .post(
                "/v1/accounts/" + ivy.id() + "/api-keys",
                ivy.token(),
                Map.of("name", "brief", "expiresAt", Instant.now().plusMillis(1500).toString()));
    assertEquals(201, shortLived.status(), shortLived::toString);
    String token = shortLived.body().path("token").asText();
    assertEquals(200, broker.api().get("/v1/accounts/" + ivy.id(), token).status());
    Thread.sleep(1700);
    var after = broker.api().get("/v1/accounts/" + ivy.id(), token);
    assertEquals(401, after.status(), after::toString);
    assertEquals("the API key expired", after.body().path("detail").asText());
    var past =
        broker
            .api()
            .post(
                "/v1/accounts/" + ivy.id() + "/api-keys",
                ivy.token(),
                Map.of("name", "stale", "expiresAt", "2020-01-01T00:00:00Z"));
    assertEquals(400, past.status(), past::toString);
  }

  @Test
  void customersCannotSeeOrManageEachOther() {
    var jo = market.customer("Jo");
    var kim = market.customer("Kim");
    assertEquals(404, broker.api().get("/v1/accounts/" + jo.id(), kim.token()).status());
    assertEquals(
        404, broker.api().get("/v1/accounts/" + jo.id() + "/api-keys", kim.token()).status());
    assertEquals(
        404,
        broker
            .api()
            .post("/v1/accounts/" + jo.id() + "/api-keys", kim.token(), Map.of("name", "x"))
            .status());
    assertEquals(403, broker.api().get("/v1/accounts", kim.token()).status());
    assertEquals(200, broker.api().get("/v1/accounts", broker.adminToken()).status());
  }

  @Test
  void requestsWithoutAValidKeyAreRefused() {
    assertEquals(401, broker.api().get("/v1/purchase-orders", null).status());
    assertEquals(401, broker.api().get("/v1/purchase-orders", "not-a-token").status());
    String forged = ApiKeyToken.generate(java.util.UUID.randomUUID()).value();
    var r = broker.api().get("/v1/purchase-orders", forged);
    assertEquals(401, r.status());
    assertTrue(r.contentType().startsWith("application/problem+json"));
    var basic =
        broker
            .api()
            .send("GET", "/v1/purchase-orders", null, null, Map.of("Authorization", "Basic YTpi"));
    assertEquals(401, basic.status());
  }
}
