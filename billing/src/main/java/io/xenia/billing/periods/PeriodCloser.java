package io.xenia.billing.periods;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.xenia.billing.api.BillingException;
import io.xenia.billing.api.ProblemType;
import io.xenia.billing.persistence.Query;
import io.xenia.billing.persistence.Transactions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes billing periods: in one transaction, per customer an invoice, per host operator a payout
 * statement, the platform's revenue, and the period marked closed ({@link CloseStatements}); then
 * tells every {@link PeriodCloseListener}. Closing a closed period changes nothing and answers the
 * same. Blocking: call it on a worker thread.
 */
@Singleton
public final class PeriodCloser {
  /** Billing's own account (broker V014): the closer of periods closed automatically. */
  public static final UUID BILLING_SERVICE_ACCOUNT =
      UUID.fromString("00000000-0000-4000-8000-00000000b111");

  /** At most this many periods are created in one pass (a calendar misconfigured to P1D...). */
  private static final int MAX_PERIODS_PER_PASS = 5000;

  private static final Logger LOG = LoggerFactory.getLogger(PeriodCloser.class);

  private final Pool pool;
  private final PeriodCalendar calendar;
  private final Clock clock;
  private final Duration grace;
  private final List<PeriodCloseListener> listeners;

  PeriodCloser(
      Pool pool,
      PeriodCalendar calendar,
      Clock clock,
      PeriodsConfig config,
      List<PeriodCloseListener> listeners) {
    this.pool = pool;
    this.calendar = calendar;
    this.clock = clock;
    this.grace = config.closeGrace();
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Closes the period {@code id} as {@code actor}; refused with {@code period-not-ended} before its
   * end, {@code not-found} when no period has that id.
   */
  public ClosedPeriod close(String id, UUID actor) {
    Instant now = clock.instant();
    var outcome = Transactions.inTransaction(pool, c -> closeIn(c, id, actor, now));
    if (outcome.closedNow()) {
      LOG.info(
          "closed billing period {}: {} invoices, {} payout statements",
          id,
          outcome.period().invoices(),
          outcome.period().payoutStatements());
      for (PeriodCloseListener listener : listeners) {
        try {
          listener.periodClosed(outcome.period());
        } catch (RuntimeException e) {
          LOG.error("period close listener {} failed for {}", listener, id, e);
        }
      }
    }
    return outcome.period();
  }

  /**
   * Makes sure every period from the first charge to now has its row, then closes, oldest first,
   * each open one whose end is at least the close grace ago. Returns what it closed.
   */
  public List<ClosedPeriod> closeDue() {
    Instant now = clock.instant();
    ensurePeriods(now);
    List<String> due =
        Query.list(
            pool,
            "SELECT id FROM billing.period WHERE closed_at IS NULL AND ends_at <= $1"
                + " ORDER BY starts_at",
            row -> row.getString("id"),
            now.minus(grace));
    List<ClosedPeriod> closed = new ArrayList<>();
    for (String id : due) {
      closed.add(close(id, BILLING_SERVICE_ACCOUNT));
    }
    return closed;
  }

  /** Creates the rows of the periods from the first charge (or the first period) to now. */
  public void ensurePeriods(Instant now) {
    Row first =
        Query.run(
                pool,
                // Only charges before the first period can come first: rated_at has a BRIN index
                // (billing V006), which finds those without reading the table but cannot give
                // min() of all of it.
                "SELECT least((SELECT min(rated_at) FROM billing.usage_charge WHERE rated_at <"
                    + " coalesce((SELECT min(starts_at) FROM billing.period), 'infinity')),"
                    + " (SELECT min(starts_at) FROM billing.period)) AS first")
            .iterator()
            .next();
    Instant from = Optional.ofNullable(Query.instant(first, "first")).orElse(now);
    Set<String> existing =
        new HashSet<>(
            Query.list(
                pool,
                "SELECT id FROM billing.period WHERE ends_at > $1",
                row -> row.getString("id"),
                from));
    BillingPeriod p = calendar.periodOf(from);
    for (int i = 0; i < MAX_PERIODS_PER_PASS && !p.start().isAfter(now); i++) {
      if (!existing.contains(p.id())) {
        insertPeriod(pool, p);
      }
      p = calendar.next(p);
    }
  }

  static void insertPeriod(SqlClient client, BillingPeriod p) {
    Query.run(
        client,
        "INSERT INTO billing.period (id, starts_at, ends_at) VALUES ($1, $2, $3)"
            + " ON CONFLICT (id) DO NOTHING",
        p.id(),
        p.start(),
        p.end());
  }

  private record Outcome(ClosedPeriod period, boolean closedNow) {}

  private Outcome closeIn(SqlConnection c, String id, UUID actor, Instant now) {
    BillingPeriod bounds =
        PeriodRows.find(c, id)
            .map(PeriodRows.Stored::period)
            .or(() -> calendar.byId(id))
            .orElseThrow(() -> BillingException.notFound("billing period " + id));
    if (bounds.end().isAfter(now)) {
      throw new BillingException(
              ProblemType.PERIOD_NOT_ENDED,
              "billing period " + id + " ends at " + bounds.end() + "; it can be closed after that")
          .with("endsAt", bounds.end().toString());
    }
    insertPeriod(c, bounds);
    Row locked =
        Query.run(c, "SELECT closed_at FROM billing.period WHERE id = $1 FOR UPDATE", id)
            .iterator()
            .next();
    if (locked.getOffsetDateTime("closed_at") != null) {
      return new Outcome(PeriodRows.closed(c, id).orElseThrow(), false);
    }
    CloseStatements.build(c, bounds, now);
    Query.run(
        c,
        "UPDATE billing.period SET closed_at = $2, closed_by = $3 WHERE id = $1",
        id,
        now,
        actor);
    return new Outcome(PeriodRows.closed(c, id).orElseThrow(), true);
  }
}
