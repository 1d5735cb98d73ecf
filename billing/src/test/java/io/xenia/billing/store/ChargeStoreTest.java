package io.xenia.billing.store;

import static io.xenia.billing.support.Usage.eur;
import static io.xenia.billing.support.Usage.machineSeconds;
import static io.xenia.billing.support.Usage.newKey;
import static io.xenia.billing.support.Usage.openEnded;
import static io.xenia.billing.support.Usage.prices;
import static io.xenia.billing.support.Usage.record;
import static io.xenia.billing.support.Usage.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.billing.charging.BatchResult;
import io.xenia.billing.charging.ChargePlanner;
import io.xenia.billing.charging.Delivered;
import io.xenia.billing.charging.UsageBilling;
import io.xenia.billing.rating.FeeRate;
import io.xenia.billing.reconciliation.ReconciliationQueries;
import io.xenia.billing.reconciliation.ReconciliationReport;
import io.xenia.billing.reports.ReportRange;
import io.xenia.billing.support.BrokerRows;
import io.xenia.billing.support.BrokerRows.Host;
import io.xenia.billing.support.BrokerRows.Session;
import io.xenia.billing.support.TestDatabase;
import io.xenia.billing.usage.DeadLetterReason;
import io.xenia.protocol.money.Money;
import io.xenia.protocol.records.PriceList;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Charging batches against a real PostgreSQL with the broker's schema and billing's. */
class ChargeStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  private static TestDatabase db;
  private static BrokerRows rows;
  private static ExecutorService verifiers;
  private static UsageBilling billing;
  private static final AtomicLong OFFSETS = new AtomicLong();

  @BeforeAll
  static void start() {
    db = TestDatabase.create("charge_store");
    rows = new BrokerRows(db);
    verifiers = Executors.newFixedThreadPool(2);
    billing = billing(1000);
  }

  @AfterAll
  static void stop() {
    verifiers.shutdownNow();
    db.close();
  }

  private static UsageBilling billing(int feeBasisPoints) {
    return new UsageBilling(
        new BrokerFacts(db.pool()),
        new ChargeStore(
            db.pool(), new ChargePlanner(new FeeRate(feeBasisPoints)), Clock.systemUTC()),
        verifiers);
  }

  /** A customer with an order holding {@code funds} and a session at 36.00 EUR/h holding 10.00. */
  private static Session newSession(String funds) throws Exception {
    return rows.newSession("36.00", funds, "10.00", T0);
  }

  /** Minutes {@code from}..{@code to} of the session, signed by its host, as delivered. */
  private static List<Delivered> minutes(Session s, int from, int to) {
    List<Delivered> out = new ArrayList<>();
    for (int n = from; n <= to; n++) {
      out.add(at(s, n, 60L * (n - 1), 60L * n));
    }
    return out;
  }

  /** Record {@code n} of the session over seconds {@code from}..{@code to} after T0, delivered. */
  private static Delivered at(Session s, long n, long from, long to) {
    var r =
        record(
            s.agreement(), n, T0.plusSeconds(from), T0.plusSeconds(to), machineSeconds(to - from));
    return delivered(signed(r, s.host().key()));
  }

  private static Delivered delivered(byte[] value) {
    return new Delivered("usage.v1", 0, OFFSETS.incrementAndGet(), value);
  }

  @Test
  void recordsAreChargedIntoTheLedgerAndOutOfTheSessionsHold() throws Exception {
    Session s = newSession("100.00");
    BatchResult result = billing.bill(minutes(s, 1, 3));

    assertEquals(3, result.charged());
    assertEquals(eur("98.20").micros(), rows.ringFencedMicros(s.order()));
    assertEquals(eur("1.62").micros(), rows.hostPayableMicros(s.host().operator()));
    assertEquals(eur("1.80").micros(), rows.spentMicros(s.id()));
    assertEquals(eur("8.20").micros(), rows.reservedMicros(s.id()));
    assertEquals(
        3,
        rows.count(
            "SELECT count(*) FROM billing.usage_charge_line WHERE session_id = ?"
                + " AND component = 'machine-hour' AND amount_micros = 600000",
            s.id()));
  }

  @Test
  void aBatchDeliveredAgainChargesNothingMore() throws Exception {
    Session s = newSession("100.00");
    List<Delivered> batch = minutes(s, 1, 5);
    billing.bill(batch);
    List<String> once = rows.moneySnapshot();

    BatchResult again = billing.bill(batch);

    assertEquals(5, again.replays());
    assertEquals(0, again.charged());
    assertEquals(once, rows.moneySnapshot());
  }

  @Test
  void anOrderThatRunsOutPaysWhatItHoldsAndTheOverrunIsRecordedAndAnnounced() throws Exception {
    Session s = newSession("1.00");
    try (Connection listener = db.jdbc()) {
      listener.createStatement().execute("LISTEN " + ChargeStore.OVERRUN_CHANNEL);

      BatchResult result = billing.bill(minutes(s, 1, 3));

      assertEquals(2, result.overruns());
      assertEquals(0, rows.ringFencedMicros(s.order()));
      assertEquals(eur("1.00").micros(), rows.spentMicros(s.id()));
      assertEquals(
          eur("0.80").micros(),
          rows.count(
              "SELECT sum(overrun_micros) FROM billing.order_overrun WHERE purchase_order_id = ?",
              s.order()));
      PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(5000);
      assertEquals(1, got.length);
      assertEquals(s.order().toString(), got[0].getParameter());
    }
  }

  @Test
  void concurrentChargesAgainstOneOrderNeverOverdrawIt() throws Exception {
    UUID customer = rows.account(UUID.randomUUID(), "customer");
    UUID operator = rows.account(UUID.randomUUID(), "host-operator");
    Host host = rows.host(UUID.randomUUID(), operator, newKey());
    UUID order = rows.order(UUID.randomUUID(), customer, eur("20.00"));
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sessions.add(
          rows.session(
              UUID.randomUUID(),
              "ag-" + UUID.randomUUID(),
              host,
              customer,
              order,
              prices("36.00"),
              T0,
              openEnded(),
              eur("1.00")));
    }
    // 8 sessions × 10 minutes × 0.60 = 48.00 of usage against 20.00, from 4 threads at once.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<BatchResult>> done = new ArrayList<>();
      for (Session s : sessions) {
        UsageBilling own = billing(1000);
        done.add(pool.submit(() -> own.bill(minutes(s, 1, 10))));
      }
      for (Future<BatchResult> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, rows.ringFencedMicros(order));
    assertEquals(
        eur("20.00").micros(),
        rows.count(
            "SELECT sum(charged_micros) FROM billing.usage_charge WHERE purchase_order_id = ?",
            order));
    assertEquals(
        eur("28.00").micros(),
        rows.count(
            "SELECT sum(overrun_micros) FROM billing.order_overrun WHERE purchase_order_id = ?",
            order));
  }

  @Test
  void invalidRecordsAreDeadLetteredOnceWithTheirReason() throws Exception {
    Session s = newSession("100.00");
    var good = record(s.agreement(), 1, T0, T0.plusSeconds(60), machineSeconds(60));
    var unknown =
        new io.xenia.protocol.records.UsageRecord(
            1,
            s.id().toString(),
            "ag-nobody-signed",
            good.hostId(),
            2,
            T0.plusSeconds(60),
            T0.plusSeconds(120),
            machineSeconds(60),
            T0.plusSeconds(120));
    List<Delivered> batch =
        List.of(
            delivered(signed(good, newKey())),
            delivered(signed(unknown, s.host().key())),
            delivered("{\"not\":\"a record\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    BatchResult first = billing.bill(batch);
    BatchResult second = billing.bill(batch);

    assertEquals(
        List.of(
            DeadLetterReason.BAD_SIGNATURE,
            DeadLetterReason.UNKNOWN_AGREEMENT,
            DeadLetterReason.MALFORMED),
        first.deadLetters().stream().map(d -> d.reason()).toList());
    assertEquals(3, second.deadLetters().size());
    assertEquals(
        3,
        rows.count(
            "SELECT count(*) FROM billing.dead_letter WHERE source_offset BETWEEN ? AND ?",
            batch.get(0).offset(),
            batch.get(2).offset()));
    assertTrue(
        rows.count("SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", s.id()) == 0);
  }

  /**
   * Stored charges around a record, found through the primary key alone: a late record that fits
   * its gap is charged; one overlapping a stored neighbour, or out of the order of its sequence
   * number, is a dead letter; the same records delivered again are replays.
   */
  @Test
  void aRecordIsCheckedAgainstTheChargesStoredAroundItsSequence() throws Exception {
    Session s = newSession("100.00");
    billing.bill(minutes(s, 1, 2));
    billing.bill(minutes(s, 4, 5)); // minute 3 is late
    List<Delivered> later =
        List.of(
            minutes(s, 3, 3).get(0),
            at(s, 6, 270, 330), // overlaps minute 5, numbered 5
            at(s, 7, 0, 60)); // before everything, yet numbered after minute 5

    BatchResult result = billing.bill(later);
    BatchResult again = billing.bill(later);

    assertEquals(1, result.charged());
    assertEquals(
        List.of(DeadLetterReason.OVERLAPPING_INTERVAL, DeadLetterReason.INTERVAL_OUT_OF_ORDER),
        result.deadLetters().stream().map(d -> d.reason()).toList());
    assertEquals(1, again.replays());
    assertEquals(
        5, rows.count("SELECT count(*) FROM billing.usage_charge WHERE session_id = ?", s.id()));
    assertEquals(eur("3.00").micros(), rows.spentMicros(s.id()));
  }

  /**
   * A consumer's group (several polls) is charged in transactions of at most max-batch records: the
   * same charges as one transaction, an entry per transaction, and the group's dead letters once.
   */
  @Test
  void aGroupIsChargedInTransactionsOfAtMostTheLimit() throws Exception {
    Session a = newSession("100.00");
    Session b = newSession("100.00");
    List<Delivered> forged =
        List.of(
            delivered(
                signed(
                    record(
                        a.agreement(),
                        9,
                        T0.plusSeconds(480),
                        T0.plusSeconds(540),
                        machineSeconds(60)),
                    newKey())));
    List<UsageBilling.Prepared> group =
        List.of(
            billing.prepare(minutes(a, 1, 3)),
            billing.prepare(forged),
            billing.prepare(minutes(b, 1, 4)));

    BatchResult result = billing.bill(group, 2);

    assertEquals(7, result.charged());
    assertEquals(
        List.of(DeadLetterReason.BAD_SIGNATURE),
        result.deadLetters().stream().map(d -> d.reason()).toList());
    assertEquals(eur("98.20").micros(), rows.ringFencedMicros(a.order()));
    assertEquals(eur("97.60").micros(), rows.ringFencedMicros(b.order()));
    // Transactions [a1 a2] [a3 b1] [b2 b3] [b4]: one entry each (one currency).
    assertEquals(4, entriesNamedBy(a, b));
  }

  /**
   * Two customers' orders in euros and one in dollars, charged in one transaction: an entry per
   * currency, with a line per ledger account; the header names a customer and an order only when
   * its entry has one of each.
   */
  @Test
  void aTransactionPostsAnEntryPerCurrencyWithALinePerLedgerAccount() throws Exception {
    Session a = newSession("100.00");
    Session b = newSession("100.00");
    Session usd = newDollarSession();
    List<Delivered> batch = new ArrayList<>(minutes(a, 1, 2));
    batch.addAll(minutes(usd, 1, 1));
    batch.addAll(minutes(b, 1, 3));

    assertEquals(6, billing.bill(batch).charged());

    String entryOf =
        "(SELECT journal_entry_id FROM billing.usage_charge WHERE session_id = ? LIMIT 1)";
    assertEquals(2, entriesNamedBy(a, b, usd));
    assertEquals(1, entriesNamedBy(a, b));
    // Euros: two customers, two orders: the header names neither.
    assertEquals(
        1,
        rows.count(
            "SELECT count(*) FROM journal_entry WHERE id = "
                + entryOf
                + " AND account_id IS NULL AND purchase_order_id IS NULL AND currency = 'EUR'",
            a.id()));
    // Each order its ring-fenced line; each operator its payable; one fee line (10 %).
    String line =
        "SELECT count(*) FROM journal_line l JOIN ledger_account la ON la.id = l.ledger_account_id"
            + " WHERE l.entry_id = "
            + entryOf;
    assertEquals(5, rows.count(line, a.id()));
    assertEquals(
        1,
        rows.count(
            line + " AND la.purchase_order_id = ? AND l.amount_micros = ?",
            a.id(),
            a.order(),
            -eur("1.20").micros()));
    assertEquals(
        1,
        rows.count(
            line + " AND la.purchase_order_id = ? AND l.amount_micros = ?",
            a.id(),
            b.order(),
            -eur("1.80").micros()));
    assertEquals(
        1,
        rows.count(
            line + " AND la.owner_account_id = ? AND l.amount_micros = ?",
            a.id(),
            b.host().operator(),
            eur("1.62").micros()));
    assertEquals(
        1,
        rows.count(
            line + " AND la.book = 'platform-revenue' AND l.amount_micros = ?",
            a.id(),
            eur("0.30").micros()));
    // Dollars: one customer, one order: the header names both.
    assertEquals(
        1,
        rows.count(
            "SELECT count(*) FROM journal_entry e JOIN purchase_order o ON o.id = ?"
                + " WHERE e.id = "
                + entryOf
                + " AND e.account_id = o.account_id AND e.purchase_order_id = o.id"
                + " AND e.currency = 'USD'",
            usd.order(),
            usd.id()));
    assertEquals(3, rows.count(line, usd.id()));
    // And reconciliation, which reads each order's money from its ring-fenced line, agrees: over
    // every charge this class has made so far, all by the real ChargeStore, so all must reconcile.
    Instant now = Instant.now();
    ReconciliationReport report =
        new ReconciliationQueries(db.pool(), Clock.systemUTC())
            .reconcile(new ReportRange(now.minusSeconds(3600), now.plusSeconds(3600)));
    assertTrue(report.clean(), report.discrepancies().toString());
  }

  /** How many journal entries the charges of these sessions name. */
  private static long entriesNamedBy(Session... sessions) throws Exception {
    String marks = String.join(", ", Collections.nCopies(sessions.length, "?"));
    return rows.count(
        "SELECT count(DISTINCT journal_entry_id) FROM billing.usage_charge WHERE session_id IN ("
            + marks
            + ")",
        Arrays.stream(sessions).map(Session::id).toArray());
  }

  /** A customer with an order of 100.00 USD and a session at 36.00 USD/h holding 10.00 USD. */
  private static Session newDollarSession() throws Exception {
    Currency usd = Currency.getInstance("USD");
    UUID customer = rows.account(UUID.randomUUID(), "customer");
    UUID operator = rows.account(UUID.randomUUID(), "host-operator");
    Host host = rows.host(UUID.randomUUID(), operator, newKey());
    UUID order = rows.order(UUID.randomUUID(), customer, Money.parse(usd, "100.00"));
    return rows.session(
        UUID.randomUUID(),
        "ag-" + UUID.randomUUID(),
        host,
        customer,
        order,
        new PriceList(usd, Money.parse(usd, "36.00"), new TreeMap<>()),
        T0,
        openEnded(),
        Money.parse(usd, "10.00"));
  }
}
