package io.xenia.broker.access;

import static io.xenia.broker.access.Scope.ACCOUNTS_READ;
import static io.xenia.broker.access.Scope.FUNDS_READ;
import static io.xenia.broker.access.Scope.FUNDS_WRITE;
import static io.xenia.broker.access.Scope.HOSTS_READ;
import static io.xenia.broker.access.Scope.HOSTS_WRITE;
import static io.xenia.broker.access.Scope.IMAGES_READ;
import static io.xenia.broker.access.Scope.IMAGES_WRITE;
import static io.xenia.broker.access.Scope.KEYS_READ;
import static io.xenia.broker.access.Scope.KEYS_WRITE;
import static io.xenia.broker.access.Scope.LEDGER_READ;
import static io.xenia.broker.access.Scope.OFFERS_READ;
import static io.xenia.broker.access.Scope.ORDERS_READ;
import static io.xenia.broker.access.Scope.ORDERS_WRITE;
import static io.xenia.broker.access.Scope.SESSIONS_READ;
import static io.xenia.broker.access.Scope.SESSIONS_WRITE;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The kind of an account is its role: what its keys may be granted, and whether anyone may register
 * one. Customers and host operators register themselves; finance and admin accounts are made by an
 * admin.
 */
public enum AccountKind {
  CUSTOMER(
      "customer",
      true,
      EnumSet.of(
          ACCOUNTS_READ,
          KEYS_READ,
          KEYS_WRITE,
          FUNDS_READ,
          ORDERS_READ,
          ORDERS_WRITE,
          SESSIONS_READ,
          SESSIONS_WRITE,
          OFFERS_READ,
          IMAGES_READ,
          IMAGES_WRITE)),
  HOST_OPERATOR(
      "host-operator",
      true,
      EnumSet.of(
          ACCOUNTS_READ, KEYS_READ, KEYS_WRITE, FUNDS_READ, HOSTS_READ, HOSTS_WRITE, OFFERS_READ)),
  FINANCE(
      "finance",
      false,
      EnumSet.of(
          ACCOUNTS_READ, KEYS_READ, KEYS_WRITE, FUNDS_READ, FUNDS_WRITE, ORDERS_READ, LEDGER_READ)),
  ADMIN("admin", false, EnumSet.allOf(Scope.class));

  private final String wireName;
  private final boolean selfRegistrable;
  private final Set<Scope> grantableScopes;

  AccountKind(String wireName, boolean selfRegistrable, EnumSet<Scope> grantableScopes) {
    this.wireName = wireName;
    this.selfRegistrable = selfRegistrable;
    this.grantableScopes = Set.copyOf(grantableScopes);
  }

  public String wireName() {
    return wireName;
  }

  /** Whether anyone may register an account of this kind without an admin's key. */
  public boolean selfRegistrable() {
    return selfRegistrable;
  }

  /** The most an API key of an account of this kind may be granted. */
  public Set<Scope> grantableScopes() {
    return grantableScopes;
  }

  /** Finance and admin act on every account; others only on their own. */
  public boolean isStaff() {
    return this == FINANCE || this == ADMIN;
  }

  public static Optional<AccountKind> fromWireName(String name) {
    return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
  }
}
