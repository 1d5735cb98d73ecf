package io.xenia.broker.access;

import java.util.Arrays;
import java.util.Optional;

/** What an API key may do. The wire names ({@code orders:write}) are stable. */
public enum Scope {
  ACCOUNTS_READ("accounts:read"),
  ACCOUNTS_WRITE("accounts:write"),
  KEYS_READ("keys:read"),
  KEYS_WRITE("keys:write"),
  FUNDS_READ("funds:read"),
  FUNDS_WRITE("funds:write"),
  ORDERS_READ("orders:read"),
  ORDERS_WRITE("orders:write"),
  LEDGER_READ("ledger:read"),
  SESSIONS_READ("sessions:read"),
  SESSIONS_WRITE("sessions:write"),
  IMAGES_READ("images:read"),
  IMAGES_WRITE("images:write"),
  HOSTS_READ("hosts:read"),
  HOSTS_WRITE("hosts:write"),
  OFFERS_READ("offers:read");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Scope> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
