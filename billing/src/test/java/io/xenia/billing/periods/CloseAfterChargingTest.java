package io.xenia.billing.periods;

import static io.xenia.billing.support.Usage.eur;
import static io.xenia.billing.support.Usage.machineSeconds;
import static io.xenia.billing.support.Usage.newKey;
import static io.xenia.billing.support.Usage.openEnded;
import static io.xenia.billing.support.Usage.prices;
import static io.xenia.billing.support.Usage.record;
import static io.xenia.billing.support.Usage.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.billing.charging.ChargePlanner;
import io.xenia.billing.charging.Delivered;
import io.xenia.billing.charging.UsageBilling;
import io.xenia.billing.rating.FeeRate;
import io.xenia.billing.store.BrokerFacts;
import io.xenia.billing.store.ChargeStore;
import io.xenia.billing.support.BrokerRows;
import io.xenia.billing.support.BrokerRows.Host;
import io.xenia.billing.support.BrokerRows.Session;
import io.xenia.billing.support.TestDatabase;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A period closed over charges made by billing's real charging (signed records, {@code
 * UsageBilling} and {@code ChargeStore}, the lead's store) rather than fixture rows: the invoice
 * and statement are what the ledger moved; a record rated after the close lands in the open period;
 * one rated into the closed period is refused and charged when rated again.
 */
class CloseAfterChargingTest {
  private static final PeriodCalendar DAYS = PeriodCalendar.parse("P1D");
  private static final AtomicLong OFFSETS = new AtomicLong();
  private static TestDatabase db;
  private static BrokerRows rows;
  private static ExecutorService verifiers;
  private static final SettableClock CLOCK = new SettableClock();
  private static UsageBilling billing;
  private static PeriodCloser closer;

  @BeforeAll
  static void start() {
    db = TestDatabase.create("close_after_charging");
    rows = new BrokerRows(db);
    verifiers = Executors.newFixedThreadPool(2);
    billing =
        new UsageBilling(
            new BrokerFacts(db.pool()),
            new ChargeStore(db.pool(), new ChargePlanner(new FeeRate(1000)), CLOCK),
            verifiers);
    closer =
        new PeriodCloser(
            db.pool(),
            DAYS,
            Clock.systemUTC(),
            new PeriodsConfig("P1D", Duration.ZERO, false, Duration.ofMinutes(1)),
            List.of());
  }

  @AfterAll
  static void stop() {
    verifiers.shutdownNow();
    db.close();
  }

  @Test
  void theInvoiceAndStatementAreWhatChargingMovedAndLateRecordsGoToTheOpenPeriod()
      throws Exception {
    BillingPeriod yesterday = DAYS.periodOf(Instant.now().minus(Duration.ofDays(1)));
    Instant t0 = yesterday.start().plus(Duration.ofHours(2));
    UUID customer = rows.account(UUID.randomUUID(), "customer");
    UUID operator = rows.account(UUID.randomUUID(), "host-operator");
    Host host = rows.host(UUID.randomUUID(), operator, newKey());
    UUID order = rows.order(UUID.randomUUID(), customer, eur("100.00"));
    Session s =
        rows.session(
            UUID.randomUUID(),
            "ag-" + UUID.randomUUID(),
            host,
            customer,
            order,
            prices("36.00"),
            t0,
            openEnded(),
            eur("10.00"));

    // Minutes 1-3 rated yesterday, at 36.00/h: 0.60 each, 10 % fee.
    CLOCK.set(t0.plusSeconds(200));
    assertEquals(3, billing.bill(minutes(s, t0, 1, 3)).charged());
    ClosedPeriod closed = closer.close(yesterday.id(), PeriodCloser.BILLING_SERVICE_ACCOUNT);
    assertEquals(1, closed.invoices());
    assertEquals(1, closed.payoutStatements());
    CurrencyTotals eur = closed.totals().get(0);
    assertEquals(eur("1.80").micros(), eur.chargedMicros());
    assertEquals(eur("0.18").micros(), eur.feeMicros());
    assertEquals(eur("1.62").micros(), eur.hostPayableMicros());
    assertEquals(rows.hostPayableMicros(operator), eur.hostPayableMicros());
    assertEquals(eur("98.20").micros(), rows.ringFencedMicros(order));
    assertEquals(
        List.of("machine-hour 3 180 1800000"),
        query(
            "SELECT l.component || ' ' || l.records || ' ' || l.measured || ' ' || l.charged_micros"
                + " FROM billing.invoice_line l JOIN billing.invoice i ON i.id = l.invoice_id"
                + " WHERE i.period_id = '"
                + yesterday.id()
                + "'"));

    // Minute 4, from yesterday's lease time but rated now: today's (open) period.
    CLOCK.set(Instant.now());
    assertEquals(1, billing.bill(minutes(s, t0, 4, 4)).charged());
    String ratedAt =
        query(
                "SELECT to_char(rated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                    + " FROM billing.usage_charge WHERE sequence = 4")
            .get(0);
    assertEquals(DAYS.periodOf(Instant.now()).id(), DAYS.periodOf(Instant.parse(ratedAt)).id());

    // Minute 5 rated with a clock inside the closed period: refused, nothing moved; rated again
    // (as the consumer does after a failed batch) it is charged in the open period.
    CLOCK.set(t0.plusSeconds(600));
    long before = rows.ringFencedMicros(order);
    assertThrows(RuntimeException.class, () -> billing.bill(minutes(s, t0, 5, 5)));
    assertEquals(before, rows.ringFencedMicros(order));
    CLOCK.set(Instant.now());
    assertEquals(1, billing.bill(minutes(s, t0, 5, 5)).charged());
    assertEquals(before - eur("0.60").micros(), rows.ringFencedMicros(order));
    // The closed period did not change.
    assertEquals(
        closed.totals(), PeriodRows.closed(db.pool(), yesterday.id()).orElseThrow().totals());
    assertTrue(
        query(
                "SELECT entry_id FROM public.journal_line GROUP BY entry_id"
                    + " HAVING sum(amount_micros) <> 0")
            .isEmpty());
  }

  @Test
  void aCloseWaitsForAChargeInFlightAndIncludesIt() throws Exception {
    BillingPeriod twoDaysAgo = DAYS.periodOf(Instant.now().minus(Duration.ofDays(2)));
    UUID session = UUID.randomUUID();
    try (Connection inFlight = db.jdbc()) {
      inFlight.setAutoCommit(false);
      try (var insert =
          inFlight.prepareStatement(
              "INSERT INTO billing.usage_charge (session_id, sequence, agreement_id,"
                  + " record_sha256, customer_account_id, purchase_order_id, host_id,"
                  + " host_operator_id, interval_start, interval_end, currency, rated_micros,"
                  + " charged_micros, fee_micros, source_partition, source_offset, rated_at)"
                  + " VALUES (?, 1, 'ag', ?, ?, ?, ?, ?, ?, ?, 'EUR', 1000000, 0, 0, 0, 0, ?)")) {
        java.sql.Timestamp at = java.sql.Timestamp.from(twoDaysAgo.start().plusSeconds(60));
        insert.setObject(1, session);
        insert.setBytes(2, new byte[32]);
        for (int i = 3; i <= 6; i++) {
          insert.setObject(i, UUID.randomUUID());
        }
        insert.setTimestamp(7, at);
        insert.setTimestamp(8, java.sql.Timestamp.from(at.toInstant().plusSeconds(60)));
        insert.setTimestamp(9, at);
        insert.executeUpdate();
      }
      var closing =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> closer.close(twoDaysAgo.id(), PeriodCloser.BILLING_SERVICE_ACCOUNT));
      Thread.sleep(700);
      assertTrue(!closing.isDone(), "the close waits for the charge's transaction");
      inFlight.commit();
      ClosedPeriod closed = closing.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(1, closed.invoices());
      assertEquals(1_000_000, closed.totals().get(0).unchargedMicros());
    }
  }

  private static List<Delivered> minutes(Session s, Instant t0, int from, int to) {
    List<Delivered> out = new ArrayList<>();
    for (int n = from; n <= to; n++) {
      var r =
          record(
              s.agreement(),
              n,
              t0.plusSeconds(60L * (n - 1)),
              t0.plusSeconds(60L * n),
              machineSeconds(60));
      out.add(new Delivered("usage.v1", 0, OFFSETS.incrementAndGet(), signed(r, s.host().key())));
    }
    return out;
  }

  private static List<String> query(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.jdbc();
        var st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** A clock the test sets: the time at which the store rates. */
  static final class SettableClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    void set(Instant t) {
      now.set(t);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
