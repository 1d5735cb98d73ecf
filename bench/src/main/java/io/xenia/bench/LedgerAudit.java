package io.xenia.bench;

import io.xenia.bench.LoadGenerator.Customer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks in SQL, after the run, that every 201 the clients counted is a committed order and that
 * the ledger balances: one order row and one ring-fence entry per 201, every entry summing to zero,
 * every balance equal to the sum of its lines, and each customer's available and ring-fenced money
 * what its count of orders says.
 */
final class LedgerAudit {
  private static final long ORDER_MICROS = 1_000_000L; // 1.00 EUR per order

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final List<String> failures = new ArrayList<>();
  private final List<String> passed = new ArrayList<>();

  LedgerAudit(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /**
   * @param createdPerCustomer the 201s counted for each customer, over the whole run (both targets,
   *     warm-ups and drains included)
   * @return the failed checks; empty when everything holds
   */
  List<String> check(List<Customer> customers, long[] createdPerCustomer) throws SQLException {
    long expected = 0;
    for (long n : createdPerCustomer) {
      expected += n;
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
      expect(
          c, "purchase_order rows = 201s counted", "SELECT count(*) FROM purchase_order", expected);
      expect(
          c,
          "ring-fence journal entries = 201s counted",
          "SELECT count(*) FROM journal_entry WHERE kind = 'purchase-order-ring-fence'",
          expected);
      expect(
          c,
          "ring-fenced ledger accounts = 201s counted",
          "SELECT count(*) FROM ledger_account WHERE book = 'customer-ring-fenced'",
          expected);
      expect(
          c,
          "journal entries that do not sum to zero",
          "SELECT count(*) FROM (SELECT entry_id FROM journal_line GROUP BY entry_id"
              + " HAVING sum(amount_micros) <> 0) unbalanced",
          0);
      expect(
          c,
          "ledger accounts whose balance is not the sum of their lines",
          "SELECT count(*) FROM ledger_account a WHERE a.balance_micros <> COALESCE("
              + "(SELECT sum(l.amount_micros) FROM journal_line l WHERE l.ledger_account_id = a.id), 0)",
          0);
      expect(
          c,
          "sum of all balances",
          "SELECT COALESCE(sum(balance_micros), 0) FROM ledger_account",
          0);
      int wrong = 0;
      for (int i = 0; i < customers.size(); i++) {
        long n = createdPerCustomer[i];
        var id = customers.get(i).accountId();
        long orders = single(c, "SELECT count(*) FROM purchase_order WHERE account_id = ?", id);
        long available =
            single(
                c,
                "SELECT balance_micros FROM ledger_account WHERE book = 'customer-available'"
                    + " AND owner_account_id = ? AND currency = 'EUR'",
                id);
        long ringFenced =
            single(
                c,
                "SELECT COALESCE(sum(balance_micros), 0) FROM ledger_account"
                    + " WHERE book = 'customer-ring-fenced' AND owner_account_id = ?",
                id);
        if (orders != n
            || available != Marketplace.DEPOSIT_MICROS - n * ORDER_MICROS
            || ringFenced != n * ORDER_MICROS) {
          wrong++;
          failures.add(
              "customer "
                  + id
                  + ": 201s "
                  + n
                  + ", orders "
                  + orders
                  + ", available "
                  + available
                  + ", ring-fenced "
                  + ringFenced
                  + " (micros)");
        }
      }
      if (wrong == 0) {
        passed.add("each customer's orders, available and ring-fenced money match its 201s");
      }
      // Not a check: both pools should be full after the run (--pool-size each), plus this one.
      info =
          "connections to the database now (both pools and this audit): "
              + single(
                  c, "SELECT count(*) FROM pg_stat_activity WHERE datname = ?", c.getCatalog());
    }
    return List.copyOf(failures);
  }

  private String info = "";

  String info() {
    return info;
  }

  List<String> passed() {
    return List.copyOf(passed);
  }

  private void expect(Connection c, String what, String sql, long expected) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long actual = rs.getLong(1);
      if (actual == expected) {
        passed.add(what + ": " + actual);
      } else {
        failures.add(what + ": expected " + expected + ", found " + actual);
      }
    }
  }

  private static long single(Connection c, String sql, Object parameter) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, parameter);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }
}
