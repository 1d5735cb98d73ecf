package io.xenia.billing.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.billing.support.BillingDatabase;
import io.xenia.billing.support.BillingUnderTest;
import io.xenia.billing.support.ScenarioRows;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Billing authenticates with the broker's API keys, read from the broker's tables. */
class AuthenticationTest {
  private static BillingUnderTest billing;
  private static ScenarioRows rows;

  @BeforeAll
  static void start() {
    var database = BillingDatabase.create("billing_auth");
    rows = new ScenarioRows(database);
    billing = BillingUnderTest.start(database, Map.of());
  }

  @AfterAll
  static void stop() {
    if (billing != null) {
      billing.close();
    }
  }

  @Test
  void aValidKeyIsTheCallerWithTheScopesItsKindMayHold() {
    UUID customer = rows.account("customer", "Ada Customer");
    // ledger:read is stored on the key but a customer cannot hold it: dropped, as in the broker.
    String token = rows.apiKey(customer, "orders:read orders:write ledger:read");
    var answer = billing.get("/v1/billing/caller", token);
    assertEquals(200, answer.status(), answer.toString());
    assertEquals(customer.toString(), answer.get("accountId"));
    assertEquals("customer", answer.get("kind"));
    assertEquals(List.of("orders:read", "orders:write"), answer.get("scopes"));
  }

  @Test
  void missingUnknownWrongRevokedAndExpiredKeysAreUnauthenticated() {
    UUID customer = rows.account("customer", "Bob Customer");
    String good = rows.apiKey(customer, "orders:read");
    String wrongSecret = good.substring(0, good.length() - 4) + "AAAA";
    String unknown = io.xenia.protocol.credentials.ApiKeyToken.generate(UUID.randomUUID()).value();
    String revoked = rows.apiKey(customer, "orders:read", null, Instant.now().minusSeconds(5));
    String expired = rows.apiKey(customer, "orders:read", Instant.now().minusSeconds(5), null);
    for (String token :
        new String[] {null, "not-a-token", unknown, wrongSecret, revoked, expired}) {
      var answer = billing.get("/v1/billing/caller", token);
      assertEquals(401, answer.status(), token + ": " + answer);
      assertEquals("unauthenticated", answer.problem(), answer.toString());
    }
    assertTrue(
        ((String) billing.get("/v1/billing/caller", revoked).get("detail")).contains("revoked"));
    assertTrue(
        ((String) billing.get("/v1/billing/caller", expired).get("detail")).contains("expired"));
  }

  @Test
  void unknownRoutesAndBadMethodsAreProblems() {
    UUID finance = rows.account("finance", "Fin Ance");
    String token = rows.apiKey(finance, "funds:read funds:write");
    var missing = billing.get("/v1/billing/nothing-here", token);
    assertEquals(404, missing.status(), missing.toString());
    assertEquals("not-found", missing.problem());
    var method = billing.send("DELETE", "/v1/billing/caller", token, null);
    assertEquals(405, method.status(), method.toString());
    assertEquals("method-not-allowed", method.problem());
  }
}
