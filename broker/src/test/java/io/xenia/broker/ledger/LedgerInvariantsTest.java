package io.xenia.broker.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import io.xenia.testsupport.JournalRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
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
  void aStatementThatLeavesAnEntryUnbalancedIsRefused() throws SQLException {
    try (Connection c = broker.jdbc()) {
      c.setAutoCommit(false);
      UUID ringFenced = ledgerAccount(c, "customer-ring-fenced");
      UUID entry = entry(c, "purchase-order-release");
      // The first of two lines that would balance at commit: each statement must balance its
      // entries, so lines posted one by one are refused at the first.
      var e =
          assertThrows(
              SQLException.class,
              () -> JournalRows.lines(c, entry, Map.of(ringFenced, -1_000_000L)));
      assertTrue(e.getMessage().contains("does not balance"), e.getMessage());
      c.rollback();
    }
  }

  @Test
  void aStatementPostingSeveralEntriesIsRefusedWholeIfOneDoesNotBalance() throws SQLException {
    try (Connection c = broker.jdbc()) {
      c.setAutoCommit(false);
      UUID available = ledgerAccount(c, "customer-available");
      UUID ringFenced = ledgerAccount(c, "customer-ring-fenced");
      long before = balance(c, available);
      UUID balanced = entry(c, "purchase-order-release");
      UUID unbalanced = entry(c, "purchase-order-release");
      try (var s =
          c.prepareStatement(
              "INSERT INTO journal_line (id, entry_id, ledger_account_id, amount_micros)"
                  + " VALUES (gen_random_uuid(), ?, ?, -1000000), (gen_random_uuid(), ?, ?, 1000000),"
                  + " (gen_random_uuid(), ?, ?, 1)")) {
        s.setObject(1, balanced);
        s.setObject(2, ringFenced);
        s.setObject(3, balanced);
        s.setObject(4, available);
        s.setObject(5, unbalanced);
        s.setObject(6, available);
        var e = assertThrows(SQLException.class, s::executeUpdate);
        assertTrue(e.getMessage().contains(unbalanced.toString()), e.getMessage());
      }
      c.rollback();
      assertEquals(before, balance(c, available));
    }
  }

  @Test
  void noBalanceGoesBelowItsFloor() throws SQLException {
    try (Connection c = broker.jdbc()) {
      c.setAutoCommit(false);
      UUID ringFenced = ledgerAccount(c, "customer-ring-fenced");
      UUID available = ledgerAccount(c, "customer-available");
      UUID entry = entry(c, "purchase-order-release");
      // Take 25.00 out of an order that holds 20.00.
      var e =
          assertThrows(
              SQLException.class,
              () ->
                  JournalRows.lines(
                      c, entry, Map.of(ringFenced, -25_000_000L, available, 25_000_000L)));
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

  private static UUID entry(Connection c, String kind) throws SQLException {
    return JournalRows.entry(
        c, kind, "EUR", null, null, null, customer.id(), java.time.Instant.now(), Map.of());
  }

  private static long balance(Connection c, UUID ledgerAccount) throws SQLException {
    try (var s = c.prepareStatement("SELECT balance_micros FROM ledger_account WHERE id = ?")) {
      s.setObject(1, ledgerAccount);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
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
