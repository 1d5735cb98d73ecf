package io.xenia.broker.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database itself keeps the books honest, whatever a future bug in the service does: entries
 * are append-only, every entry balances, balances follow the lines, and no balance goes below its
 * floor.
 */
class LedgerInvariantsTest {
  private static BrokerUnderTest broker;
  private static Marketplace.Party customer;

  @BeforeAll
  static void start() {
    broker = BrokerUnderTest.start("ledger_invariants");
    var market = new Marketplace(broker);
    customer = market.customer("Lou Ledger");
    market.deposit(customer, "50.00", "EUR");
    assertEquals(201, market.order(customer, "20.00", "EUR").status());
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void journalLinesCannotBeChangedOrDeleted() throws SQLException {
    try (Connection c = broker.jdbc()) {
      var update =
          assertThrows(
              SQLException.class,
              () -> c.createStatement().executeUpdate("UPDATE journal_line SET amount_micros = 1"));
      assertTrue(update.getMessage().contains("append-only"), update.getMessage());
      assertThrows(
          SQLException.class, () -> c.createStatement().executeUpdate("DELETE FROM journal_entry"));
      assertThrows(
          SQLException.class, () -> c.createStatement().executeUpdate("TRUNCATE journal_line"));
    }
  }

  @Test
  void anUnbalancedEntryIsRefusedAtCommit() throws SQLException {
    try (Connection c = broker.jdbc()) {
      c.setAutoCommit(false);
      UUID available = ledgerAccount(c, "customer-available");
      UUID entry = UUID.randomUUID();
      try (var s =
          c.prepareStatement(
              "INSERT INTO journal_entry (id, kind, currency, created_by, created_at)"
                  + " VALUES (?, 'deposit', 'EUR', ?, now())")) {
        s.setObject(1, entry);
        s.setObject(2, customer.id());
        s.executeUpdate();
      }
      try (var s =
          c.prepareStatement(
              "INSERT INTO journal_line (id, entry_id, ledger_account_id, amount_micros) VALUES (?, ?, ?, 1000000)")) {
        s.setObject(1, UUID.randomUUID());
        s.setObject(2, entry);
        s.setObject(3, available);
        s.executeUpdate();
      }
      var e = assertThrows(SQLException.class, c::commit);
      assertTrue(e.getMessage().contains("does not balance"), e.getMessage());
    }
  }

  @Test
  void noBalanceGoesBelowItsFloor() throws SQLException {
    try (Connection c = broker.jdbc()) {
      c.setAutoCommit(false);
      UUID ringFenced = ledgerAccount(c, "customer-ring-fenced");
      UUID available = ledgerAccount(c, "customer-available");
      UUID entry = UUID.randomUUID();
      try (var s =
          c.prepareStatement(
              "INSERT INTO journal_entry (id, kind, currency, created_by, created_at)"
                  + " VALUES (?, 'purchase-order-release', 'EUR', ?, now())")) {
        s.setObject(1, entry);
        s.setObject(2, customer.id());
        s.executeUpdate();
      }
      // Take 25.00 out of an order that holds 20.00.
      var e =
          assertThrows(
              SQLException.class,
              () -> {
                line(c, entry, ringFenced, -25_000_000);
                line(c, entry, available, 25_000_000);
              });
      assertTrue(e.getMessage().contains("ledger_account_above_floor"), e.getMessage());
      c.rollback();
    }
  }

  @Test
  void balancesAreTheSumOfTheirLines() throws SQLException {
    try (Connection c = broker.jdbc();
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM ledger_account a WHERE a.balance_micros <>"
                        + " (SELECT coalesce(sum(amount_micros), 0) FROM journal_line l"
                        + "  WHERE l.ledger_account_id = a.id)")) {
      rs.next();
      assertEquals(0, rs.getLong(1));
    }
  }

  private static void line(Connection c, UUID entry, UUID account, long micros)
      throws SQLException {
    try (var s =
        c.prepareStatement(
            "INSERT INTO journal_line (id, entry_id, ledger_account_id, amount_micros) VALUES (?, ?, ?, ?)")) {
      s.setObject(1, UUID.randomUUID());
      s.setObject(2, entry);
      s.setObject(3, account);
      s.setLong(4, micros);
      s.executeUpdate();
    }
  }

  private static UUID ledgerAccount(Connection c, String book) throws SQLException {
    try (var s =
        c.prepareStatement(
            "SELECT id FROM ledger_account WHERE owner_account_id = ? AND book = ?")) {
      s.setObject(1, customer.id());
      s.setString(2, book);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }
}
