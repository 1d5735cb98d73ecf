package io.xenia.broker.support;

import io.xenia.testsupport.JournalRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * The billing service's writes to the broker's tables, exactly as docs/billing.md "The contract
 * with the broker" states them, over plain JDBC: billing is another service, so a broker test may
 * stand in for it. One charge is one transaction: the purchase order's row locked first, then the
 * ring-fenced account, then host-payable (created if new); at most what the order holds is charged
 * (never beyond its floor), as one {@code purchase-order-charge} entry (ring-fenced → host payable,
 * no platform fee here) made by the billing service's account; the session's spent grows and its
 * hold shrinks by what was charged; and when less than asked could be charged (an overrun) {@code
 * NOTIFY xenia_order_overrun, '<order id>'} in the same transaction.
 */
public final class BillingContract {
  /** The account billing posts as (broker migration V014). */
  public static final UUID BILLING_ACCOUNT =
      UUID.fromString("00000000-0000-4000-8000-00000000b111");

  private final BrokerUnderTest broker;

  public BillingContract(BrokerUnderTest broker) {
    this.broker = broker;
  }

  /** What one charge did: charged, and the overrun (asked − charged). */
  public record Charged(long chargedMicros, long overrunMicros) {}

  /** Charges {@code micros} of metered usage of {@code session} to its purchase order. */
  public Charged charge(UUID session, long micros, String reference) throws SQLException {
    try (Connection db = broker.jdbc()) {
      db.setAutoCommit(false);
      try {
        Charged done = charge(db, session, micros, reference);
        db.commit();
        return done;
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      }
    }
  }

  private static Charged charge(Connection db, UUID session, long micros, String reference)
      throws SQLException {
    UUID order;
    UUID customer;
    UUID operator;
    String currency;
    try (var q =
        db.prepareStatement(
            "SELECT s.purchase_order_id, s.account_id, h.account_id, s.currency"
                + " FROM session s JOIN host h ON h.id = s.host_id WHERE s.id = ?")) {
      q.setObject(1, session);
      var rs = q.executeQuery();
      if (!rs.next()) {
        throw new IllegalArgumentException("no session " + session);
      }
      order = (UUID) rs.getObject(1);
      customer = (UUID) rs.getObject(2);
      operator = (UUID) rs.getObject(3);
      currency = rs.getString(4).trim();
    }
    // The lock order: the order's row first.
    try (var q = db.prepareStatement("SELECT id FROM purchase_order WHERE id = ? FOR UPDATE")) {
      q.setObject(1, order);
      q.executeQuery();
    }
    UUID ringFenced;
    long held;
    try (var q =
        db.prepareStatement(
            "SELECT id, balance_micros FROM ledger_account WHERE book = 'customer-ring-fenced'"
                + " AND purchase_order_id = ? FOR UPDATE")) {
      q.setObject(1, order);
      var rs = q.executeQuery();
      rs.next();
      ringFenced = (UUID) rs.getObject(1);
      held = rs.getLong(2);
    }
    try (var q =
        db.prepareStatement(
            "INSERT INTO ledger_account (id, book, owner_account_id, purchase_order_id, currency,"
                + " floor_micros) VALUES (?, 'host-payable', ?, NULL, ?, 0)"
                + " ON CONFLICT ON CONSTRAINT ledger_account_identity DO NOTHING")) {
      q.setObject(1, UUID.randomUUID());
      q.setObject(2, operator);
      q.setString(3, currency);
      q.executeUpdate();
    }
    UUID payable;
    try (var q =
        db.prepareStatement(
            "SELECT id FROM ledger_account WHERE book = 'host-payable' AND owner_account_id = ?"
                + " AND purchase_order_id IS NULL AND currency = ? FOR UPDATE")) {
      q.setObject(1, operator);
      q.setString(2, currency);
      var rs = q.executeQuery();
      rs.next();
      payable = (UUID) rs.getObject(1);
    }
    long charged = Math.min(micros, Math.max(0, held));
    if (charged > 0) {
      JournalRows.entry(
          db,
          "purchase-order-charge",
          currency,
          customer,
          order,
          reference,
          BILLING_ACCOUNT,
          java.time.Instant.now(),
          Map.of(ringFenced, -charged, payable, charged));
      try (var q =
          db.prepareStatement(
              "UPDATE session SET spent_micros = spent_micros + ?,"
                  + " reserved_micros = GREATEST(reserved_micros - ?, 0) WHERE id = ?")) {
        q.setLong(1, charged);
        q.setLong(2, charged);
        q.setObject(3, session);
        q.executeUpdate();
      }
    }
    if (charged < micros) {
      try (var q = db.prepareStatement("SELECT pg_notify('xenia_order_overrun', ?)")) {
        q.setString(1, order.toString());
        q.executeQuery();
      }
    }
    return new Charged(charged, micros - charged);
  }
}
