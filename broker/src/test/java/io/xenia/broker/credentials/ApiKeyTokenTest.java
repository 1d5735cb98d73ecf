package io.xenia.broker.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.access.AccountKind;
import io.xenia.broker.access.Scope;
import io.xenia.broker.problems.XeniaException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class ApiKeyTokenTest {
  @Test
  void aTokenRoundTripsAndMatchesOnlyItsHash() {
    UUID id = UUID.randomUUID();
    var token = ApiKeyToken.generate(id);
    var parsed = ApiKeyToken.parse(token.value()).orElseThrow();
    assertEquals(id, parsed.keyId());
    assertTrue(parsed.matches(token.secretHash()));
    assertFalse(ApiKeyToken.generate(id).matches(token.secretHash()));
    assertFalse(token.toString().contains(token.secret()), "toString leaks the secret");
  }

  @Test
  void malformedTokensDoNotParse() {
    for (String bad :
        new String[] {
          "",
          "xk_",
          "xk_abc_def",
          "Bearer xk_",
          ApiKeyToken.generate(UUID.randomUUID()).value() + "x"
        }) {
      assertTrue(ApiKeyToken.parse(bad).isEmpty(), bad);
    }
    assertTrue(ApiKeyToken.parse(null).isEmpty());
  }

  @Test
  void scopesAreGrantedWithinTheAccountKind() {
    assertEquals(
        AccountKind.CUSTOMER.grantableScopes(), ScopeSet.grant(AccountKind.CUSTOMER, List.of()));
    assertEquals(
        java.util.Set.of(Scope.ORDERS_READ),
        ScopeSet.grant(AccountKind.CUSTOMER, List.of("orders:read")));
    Assertions.assertThrows(
        XeniaException.class, () -> ScopeSet.grant(AccountKind.CUSTOMER, List.of("ledger:read")));
    Assertions.assertThrows(
        XeniaException.class, () -> ScopeSet.grant(AccountKind.ADMIN, List.of("everything")));
    assertEquals(
        java.util.Set.of(Scope.ORDERS_READ, Scope.FUNDS_READ),
        ScopeSet.parseStored(
            ScopeSet.format(java.util.Set.of(Scope.FUNDS_READ, Scope.ORDERS_READ))));
  }
}
