package io.xenia.broker.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.broker.access.AccountKind;
import io.xenia.broker.access.Scope;
import io.xenia.broker.problems.XeniaException;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The token format itself is tested in protocol (io.xenia.protocol.credentials.ApiKeyTokenTest).
 */
class ScopeSetTest {
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
