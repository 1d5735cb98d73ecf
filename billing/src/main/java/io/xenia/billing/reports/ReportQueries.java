package io.xenia.billing.reports;

import static java.util.Objects.requireNonNull;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.xenia.billing.exports.ComponentUnits;
import io.xenia.billing.persistence.ReadOnlySnapshot;
import io.xenia.protocol.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;

/**
 * Reads a {@link FinanceReport} from billing's tables and the broker's (accounts, hosts, purchase
 * orders, ledger accounts: the read side of docs/billing.md's contract), in one snapshot. Holds no
 * rules beyond the grouping each section states.
 */
public final class ReportQueries {
  private static final String IN_RANGE = " c.rated_at >= $1 AND c.rated_at < $2 ";

  private final Pool pool;
  private final Clock clock;

  public ReportQueries(Pool pool, Clock clock) {
    this.pool = requireNonNull(pool, "pool is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * @param top how many customers and hosts the top lists hold, per currency
   */
  public FinanceReport report(ReportRange range, int top) {
    if (top < 1 || top > 1000) {
      throw new IllegalArgumentException("a top list holds 1 to 1000 entries, not " + top);
    }
    Tuple r = Tuple.of(utc(range.from()), utc(range.to()));
    Tuple rTop = Tuple.of(utc(range.from()), utc(range.to()), top);
    return ReadOnlySnapshot.read(
        pool,
        s ->
            new FinanceReport(
                range,
                clock.instant(),
                s.rows(REVENUE, r, ReportQueries::revenue),
                s.rows(BY_RESOURCE, r, ReportQueries::resource),
                s.rows(BY_REGION, r, ReportQueries::region),
                s.rows(TOP_CUSTOMERS, rTop, ReportQueries::party),
                s.rows(TOP_HOSTS, rTop, ReportQueries::party),
                s.rows(PAYOUTS, r, ReportQueries::payout),
                s.rows(OUTSTANDING, Tuple.tuple(), ReportQueries::order),
                s.rows(OVERRUNS, r, ReportQueries::overrun),
                s.rows(DEAD_LETTERS, r, ReportQueries::deadLetters),
                s.rows(DISPUTES, r, ReportQueries::disputes)));
  }

  private static final String REVENUE =
      "SELECT c.currency, count(*), sum(c.rated_micros)::bigint, sum(c.charged_micros)::bigint,"
          + " sum(c.fee_micros)::bigint, coalesce(sum(o.overrun_micros), 0)::bigint"
          + " FROM billing.usage_charge c"
          + " LEFT JOIN billing.order_overrun o USING (session_id, sequence)"
          + " WHERE"
          + IN_RANGE
          + "GROUP BY c.currency ORDER BY c.currency";

  private static FinanceReport.Revenue revenue(Row row) {
    Currency cur = Currency.getInstance(row.getString(0));
    long charged = row.getLong(3);
    long fees = row.getLong(4);
    return new FinanceReport.Revenue(
        cur.getCurrencyCode(),
        row.getLong(1),
        money(cur, row.getLong(2)),
        money(cur, charged),
        money(cur, fees),
        money(cur, charged - fees),
        money(cur, row.getLong(5)));
  }

  private static final String BY_RESOURCE =
      "SELECT l.component, c.currency, sum(l.measured)::bigint, sum(l.amount_micros)::bigint"
          + " FROM billing.usage_charge c JOIN billing.usage_charge_line l USING (session_id, sequence)"
          + " WHERE"
          + IN_RANGE
          + "GROUP BY l.component, c.currency ORDER BY l.component, c.currency";

  private static FinanceReport.ResourceUsage resource(Row row) {
    ComponentUnits units = ComponentUnits.of(row.getString(0));
    long measured = row.getLong(2);
    Currency cur = Currency.getInstance(row.getString(1));
    return new FinanceReport.ResourceUsage(
        units.component(),
        cur.getCurrencyCode(),
        measured,
        units.baseUnit(),
        units.pricedQuantity(measured),
        money(cur, row.getLong(3)));
  }

  private static final String BY_REGION =
      "SELECT coalesce(c.region, 'unknown') AS region, c.currency, count(*),"
          + " coalesce(sum(m.measured), 0)::bigint, sum(c.rated_micros)::bigint,"
          + " sum(c.charged_micros)::bigint"
          + " FROM billing.usage_charge c"
          + " LEFT JOIN billing.usage_charge_line m ON m.session_id = c.session_id"
          + " AND m.sequence = c.sequence AND m.component = 'machine-hour'"
          + " WHERE"
          + IN_RANGE
          + "GROUP BY 1, 2 ORDER BY 1, 2";

  private static FinanceReport.RegionUsage region(Row row) {
    Currency cur = Currency.getInstance(row.getString(1));
    return new FinanceReport.RegionUsage(
        row.getString(0),
        cur.getCurrencyCode(),
        row.getLong(2),
        row.getLong(3),
        money(cur, row.getLong(4)),
        money(cur, row.getLong(5)));
  }

  /** The {@code $3} largest per currency, ties broken by id so the list is stable. */
  private static String top(String idColumn, String nameJoin) {
    return "SELECT id, name, currency, records, charged FROM ("
        + " SELECT c."
        + idColumn
        + " AS id, coalesce(n.name, '') AS name, c.currency, count(*) AS records,"
        + " sum(c.charged_micros)::bigint AS charged,"
        + " row_number() OVER (PARTITION BY c.currency ORDER BY sum(c.charged_micros) DESC, c."
        + idColumn
        + ") AS place"
        + " FROM billing.usage_charge c LEFT JOIN "
        + nameJoin
        + " WHERE"
        + IN_RANGE
        + " GROUP BY 1, 2, 3) t WHERE place <= $3 ORDER BY currency, place";
  }

  private static final String TOP_CUSTOMERS =
      top("customer_account_id", "public.account n ON n.id = c.customer_account_id");
  private static final String TOP_HOSTS = top("host_id", "public.host n ON n.id = c.host_id");

  private static FinanceReport.PartyTotal party(Row row) {
    Currency cur = Currency.getInstance(row.getString(2));
    return new FinanceReport.PartyTotal(
        row.getUUID(0),
        row.getString(1),
        cur.getCurrencyCode(),
        row.getLong(3),
        money(cur, row.getLong(4)));
  }

  private static final String PAYOUTS =
      "SELECT c.host_operator_id, coalesce(a.name, ''), c.currency,"
          + " sum(c.charged_micros)::bigint, sum(c.fee_micros)::bigint"
          + " FROM billing.usage_charge c LEFT JOIN public.account a ON a.id = c.host_operator_id"
          + " WHERE"
          + IN_RANGE
          + "GROUP BY 1, 2, 3 ORDER BY 3, 4 DESC, 1";

  private static FinanceReport.HostPayout payout(Row row) {
    Currency cur = Currency.getInstance(row.getString(2));
    long charged = row.getLong(3);
    long fees = row.getLong(4);
    return new FinanceReport.HostPayout(
        row.getUUID(0),
        row.getString(1),
        cur.getCurrencyCode(),
        money(cur, charged),
        money(cur, fees),
        money(cur, charged - fees));
  }

  private static final String OUTSTANDING =
      "SELECT p.id, p.account_id, a.name, p.currency, p.limit_micros,"
          + " coalesce(l.balance_micros, 0), p.expires_at"
          + " FROM public.purchase_order p JOIN public.account a ON a.id = p.account_id"
          + " LEFT JOIN public.ledger_account l ON l.book = 'customer-ring-fenced'"
          + " AND l.purchase_order_id = p.id AND l.currency = p.currency"
          + " WHERE p.status = 'open'"
          + " ORDER BY p.currency, coalesce(l.balance_micros, 0) DESC, p.id";

  private static FinanceReport.OrderBalance order(Row row) {
    Currency cur = Currency.getInstance(row.getString(3));
    return new FinanceReport.OrderBalance(
        row.getUUID(0),
        row.getUUID(1),
        row.getString(2),
        cur.getCurrencyCode(),
        money(cur, row.getLong(4)),
        money(cur, row.getLong(5)),
        row.getOffsetDateTime(6).toInstant());
  }

  private static final String OVERRUNS =
      "SELECT o.host_operator_id, coalesce(a.name, ''), o.purchase_order_id, o.currency, count(*),"
          + " sum(o.overrun_micros)::bigint"
          + " FROM billing.order_overrun o JOIN billing.usage_charge c USING (session_id, sequence)"
          + " LEFT JOIN public.account a ON a.id = o.host_operator_id"
          + " WHERE"
          + IN_RANGE
          + "GROUP BY 1, 2, 3, 4 ORDER BY 4, 6 DESC, 1, 3";

  private static FinanceReport.Overrun overrun(Row row) {
    Currency cur = Currency.getInstance(row.getString(3));
    return new FinanceReport.Overrun(
        row.getUUID(0),
        row.getString(1),
        row.getUUID(2),
        cur.getCurrencyCode(),
        row.getLong(4),
        money(cur, row.getLong(5)));
  }

  private static final String DEAD_LETTERS =
      "SELECT reason, count(*) FROM billing.dead_letter"
          + " WHERE received_at >= $1 AND received_at < $2 GROUP BY reason ORDER BY reason";

  private static FinanceReport.DeadLetters deadLetters(Row row) {
    return new FinanceReport.DeadLetters(row.getString(0), row.getLong(1));
  }

  private static final String DISPUTES =
      "SELECT d.status, i.currency, count(*), sum(l.charged_micros)::bigint,"
          + " coalesce(sum(n.amount_micros), 0)::bigint"
          + " FROM billing.dispute d JOIN billing.invoice i ON i.id = d.invoice_id"
          + " JOIN billing.invoice_line l ON l.id = d.invoice_line_id"
          + " LEFT JOIN billing.credit_note n ON n.dispute_id = d.id"
          + " WHERE d.opened_at >= $1 AND d.opened_at < $2 GROUP BY 1, 2 ORDER BY 2, 1";

  private static FinanceReport.Disputes disputes(Row row) {
    Currency cur = Currency.getInstance(row.getString(1));
    return new FinanceReport.Disputes(
        row.getString(0),
        cur.getCurrencyCode(),
        row.getLong(2),
        money(cur, row.getLong(3)),
        money(cur, row.getLong(4)));
  }

  static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  private static Money money(Currency currency, long micros) {
    return Money.ofMicros(currency, micros);
  }
}
