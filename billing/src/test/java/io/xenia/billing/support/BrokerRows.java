package io.xenia.billing.support;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.PriceList;
import io.xenia.testsupport.JournalRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the broker's rows a billing scenario starts from — accounts, a host, a funded purchase
 * order, a session under a countersigned agreement — as the broker writes them (same columns, a
 * balanced ledger entry for the money), and reads balances back. Fixture data in the real schema,
 * not a stand-in for the broker: the deploy tests run billing against a real broker.
 */
public final class BrokerRows {
  private final TestDatabase db;
  private final Ed25519KeyPair brokerKey = Usage.newKey();
  private Connection connection;

  public BrokerRows(TestDatabase db) {
    this.db = db;
  }

  /** A host of {@code operator}'s with its key. */
  public record Host(UUID id, UUID operator, Ed25519KeyPair key) {}

  /** A session and the agreement it runs under. */
  public record Session(UUID id, UUID order, Host host, Agreement agreement) {}

  public UUID account(UUID id, String kind) throws SQLException {
    update(
        "INSERT INTO account (id, kind, name, contact_email, created_at) VALUES (?, ?, ?, ?, now())",
        id,
        kind,
        kind + " " + id,
        "x@example.com");
    return id;
  }

  public Host host(UUID id, UUID operator, Ed25519KeyPair key) throws SQLException {
    update(
        "INSERT INTO host (id, account_id, name, host_key, status, enrolled_at, last_seen_at,"
            + " status_changed_at) VALUES (?, ?, ?, ?, 'up', now(), now(), now())",
        id,
        operator,
        "host-" + id,
        key.publicKey().bytes());
    return new Host(id, operator, key);
  }

  /** An open order of {@code customer}'s holding {@code amount}, ring-fenced from outside money. */
  public synchronized UUID order(UUID id, UUID customer, Money amount) throws SQLException {
    String currency = amount.currency().getCurrencyCode();
    update(
        "INSERT INTO purchase_order (id, account_id, currency, limit_micros, status, expires_at,"
            + " created_at) VALUES (?, ?, ?, ?, 'open', now() + interval '30 days', now())",
        id,
        customer,
        currency,
        amount.micros());
    UUID ringFenced = UUID.randomUUID();
    update(
        "INSERT INTO ledger_account (id, book, owner_account_id, purchase_order_id, currency,"
            + " floor_micros) VALUES (?, 'customer-ring-fenced', ?, ?, ?, 0)",
        ringFenced,
        customer,
        id,
        currency);
    UUID external = externalAccount(currency);
    Connection c = connection();
    try {
      c.setAutoCommit(false);
      JournalRows.entry(
          c,
          "purchase-order-ring-fence",
          currency,
          customer,
          id,
          "test",
          customer,
          Instant.now(),
          Map.of(external, -amount.micros(), ringFenced, amount.micros()));
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    return id;
  }

  private synchronized UUID externalAccount(String currency) throws SQLException {
    update(
        "INSERT INTO ledger_account (id, book, currency) VALUES (?, 'external', ?)"
            + " ON CONFLICT ON CONSTRAINT ledger_account_identity DO NOTHING",
        UUID.randomUUID(),
        currency);
    try (PreparedStatement s =
        connection()
            .prepareStatement(
                "SELECT id FROM ledger_account WHERE book = 'external' AND currency = ?")) {
      s.setString(1, currency);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return (UUID) rs.getObject(1);
      }
    }
  }

  /**
   * A customer with an order holding {@code funds} and, on a host of its own operator, an
   * open-ended session from {@code start} at {@code perHour} holding {@code reserved}: the usual
   * set-up of a charging test, in one call.
   */
  public Session newSession(String perHour, String funds, String reserved, Instant start)
      throws SQLException {
    UUID customer = account(UUID.randomUUID(), "customer");
    UUID operator = account(UUID.randomUUID(), "host-operator");
    Host host = host(UUID.randomUUID(), operator, Usage.newKey());
    UUID order = order(UUID.randomUUID(), customer, Usage.eur(funds));
    return session(
        UUID.randomUUID(),
        "ag-" + UUID.randomUUID(),
        host,
        customer,
        order,
        Usage.prices(perHour),
        start,
        Usage.openEnded(),
        Usage.eur(reserved));
  }

  /** A running session on {@code host} paid by {@code order}, holding {@code reserved}. */
  public Session session(
      UUID id,
      String agreementId,
      Host host,
      UUID customer,
      UUID order,
      PriceList prices,
      Instant start,
      LeaseEnd end,
      Money reserved)
      throws SQLException {
    Agreement agreement =
        Usage.agreement(agreementId, id, host.key(), customer, order, prices, start, end);
    update(
        "INSERT INTO session (id, account_id, purchase_order_id, group_id, host_id, machine_id,"
            + " state, agreement_id, agreement, currency, price_per_hour_micros, reserved_micros,"
            + " lease_start, lease_end, created_at, updated_at, region)"
            + " VALUES (?, ?, ?, ?, ?, 'm-1', 'running', ?, ?, ?, ?, ?, ?, ?, now(), now(), 'eu-west-1')",
        id,
        customer,
        order,
        UUID.randomUUID(),
        host.id(),
        agreementId,
        Usage.signed(agreement, host.key(), brokerKey),
        prices.currency().getCurrencyCode(),
        prices.perHour().micros(),
        reserved.micros(),
        Timestamp.from(start),
        end instanceof LeaseEnd.Fixed f ? Timestamp.from(f.notAfter()) : null);
    return new Session(id, order, host, agreement);
  }

  public long ringFencedMicros(UUID order) throws SQLException {
    return longOf(
        "SELECT balance_micros FROM ledger_account WHERE book = 'customer-ring-fenced'"
            + " AND purchase_order_id = ?",
        order);
  }

  public long hostPayableMicros(UUID operator) throws SQLException {
    return longOf(
        "SELECT COALESCE(sum(balance_micros), 0) FROM ledger_account WHERE book = 'host-payable'"
            + " AND owner_account_id = ?",
        operator);
  }

  public long platformRevenueMicros() throws SQLException {
    return longOf(
        "SELECT COALESCE(sum(balance_micros), 0) FROM ledger_account"
            + " WHERE book = 'platform-revenue'");
  }

  public long spentMicros(UUID session) throws SQLException {
    return longOf("SELECT spent_micros FROM session WHERE id = ?", session);
  }

  public long reservedMicros(UUID session) throws SQLException {
    return longOf("SELECT reserved_micros FROM session WHERE id = ?", session);
  }

  public long count(String sql, Object... args) throws SQLException {
    return longOf(sql, args);
  }

  /**
   * The money as finance sees it, without ids or times: every ledger balance and every charged
   * record's amounts, sorted. Two runs over the same records must produce the same snapshot.
   */
  public List<String> moneySnapshot() throws SQLException {
    List<String> rows = new ArrayList<>();
    query(
        "SELECT book, owner_account_id, purchase_order_id, currency, balance_micros"
            + " FROM ledger_account ORDER BY 1, 2, 3, 4",
        rows);
    query(
        "SELECT session_id, sequence, rated_micros, charged_micros, fee_micros"
            + " FROM billing.usage_charge ORDER BY 1, 2",
        rows);
    // Billing's postings per ledger account: how a batch groups them into entries may differ
    // between runs, what each account received may not.
    query(
        "SELECT a.book, a.owner_account_id, a.purchase_order_id, sum(l.amount_micros)"
            + " FROM journal_entry e JOIN journal_line l ON l.entry_id = e.id"
            + " JOIN ledger_account a ON a.id = l.ledger_account_id"
            + " WHERE e.created_by = '00000000-0000-4000-8000-00000000b111'"
            + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        rows);
    query("SELECT id, spent_micros, reserved_micros FROM session ORDER BY 1", rows);
    return rows;
  }

  private synchronized void query(String sql, List<String> into) throws SQLException {
    try (PreparedStatement s = connection().prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(rs.getObject(i)).append('|');
        }
        into.add(b.toString());
      }
    }
  }

  private synchronized long longOf(String sql, Object... args) throws SQLException {
    try (PreparedStatement s = bind(connection().prepareStatement(sql), args);
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private synchronized void update(String sql, Object... args) throws SQLException {
    try (PreparedStatement s = bind(connection().prepareStatement(sql), args)) {
      s.executeUpdate();
    }
  }

  /**
   * One connection for all of this fixture's statements, opened on first use; it ends with its
   * database (dropped WITH FORCE). A connection per statement made setting up 2,000 sessions take
   * minutes. Every use holds this fixture's lock, so {@link #order}'s transaction has it alone.
   */
  private synchronized Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = db.jdbc();
    }
    return connection;
  }

  private static PreparedStatement bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
    return s;
  }
}
