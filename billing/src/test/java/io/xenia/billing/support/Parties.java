package io.xenia.billing.support;

import java.util.UUID;

/**
 * The accounts of a billing scenario with their keys: two customers, two host operators, finance
 * and admin; each key holds every scope its kind may have in the broker.
 */
public final class Parties {
  public final UUID customerA;
  public final UUID customerB;
  public final UUID hostOne;
  public final UUID hostTwo;
  public final UUID finance;
  public final String customerAKey;
  public final String customerBKey;
  public final String hostOneKey;
  public final String hostTwoKey;
  public final String financeKey;
  public final String adminKey;

  public Parties(ScenarioRows rows) {
    customerA = rows.account("customer", "Customer A");
    customerB = rows.account("customer", "Customer B");
    hostOne = rows.account("host-operator", "Host One");
    hostTwo = rows.account("host-operator", "Host Two");
    finance = rows.account("finance", "Finance");
    UUID admin = rows.account("admin", "Admin");
    String customerScopes =
        "accounts:read keys:read keys:write funds:read orders:read orders:write sessions:read"
            + " sessions:write offers:read images:read images:write";
    String hostScopes = "accounts:read keys:read keys:write funds:read hosts:read hosts:write";
    customerAKey = rows.apiKey(customerA, customerScopes);
    customerBKey = rows.apiKey(customerB, customerScopes);
    hostOneKey = rows.apiKey(hostOne, hostScopes);
    hostTwoKey = rows.apiKey(hostTwo, hostScopes);
    financeKey =
        rows.apiKey(
            finance,
            "accounts:read keys:read keys:write funds:read funds:write orders:read"
                + " ledger:read");
    adminKey = rows.apiKey(admin, "funds:read funds:write orders:read orders:write ledger:read");
  }
}
