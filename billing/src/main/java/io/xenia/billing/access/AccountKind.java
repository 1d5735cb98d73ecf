package io.xenia.billing.access;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The kind of a broker account (public.account.kind), as billing sees it: which of billing's scopes
 * a key of that kind may use. It mirrors the broker's AccountKind for the scopes billing checks; a
 * stored scope the kind cannot hold (the kind changed since the key was made) grants nothing, as in
 * the broker.
 */
public enum AccountKind {
  CUSTOMER("customer", Set.of(Scopes.ORDERS_READ, Scopes.ORDERS_WRITE, Scopes.FUNDS_READ)),
  HOST_OPERATOR("host-operator", Set.of(Scopes.FUNDS_READ)),
  FINANCE(
      "finance",
      Set.of(Scopes.FUNDS_READ, Scopes.FUNDS_WRITE, Scopes.ORDERS_READ, Scopes.LEDGER_READ)),
  ADMIN(
      "admin",
      Set.of(
          Scopes.FUNDS_READ,
          Scopes.FUNDS_WRITE,
          Scopes.ORDERS_READ,
          Scopes.ORDERS_WRITE,
          Scopes.LEDGER_READ));

  private final String wireName;
  private final Set<String> billingScopes;

  AccountKind(String wireName, Set<String> billingScopes) {
    this.wireName = wireName;
    this.billingScopes = billingScopes;
  }

  public String wireName() {
    return wireName;
  }

  /** Of the scopes billing checks, those a key of this kind may hold. */
  public Set<String> billingScopes() {
    return billingScopes;
  }

  /** Finance and admin see and act on every account's billing; others only on their own. */
  public boolean isStaff() {
    return this == FINANCE || this == ADMIN;
  }

  public static Optional<AccountKind> fromWireName(String name) {
    return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
  }
}
