package io.xenia.billing.reconciliation;

import static java.util.Objects.requireNonNull;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.xenia.billing.persistence.ReadOnlySnapshot;
import io.xenia.billing.reports.ReportRange;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Feeds a {@link Reconciler} the facts of a range from billing's tables and the broker's ledger, in
 * one snapshot, streaming: the usage charges rated in the range (with their entries' postings), the
 * entries billing made in the range that no charge names, and the ledger accounts those entries
 * touched. The SQL only gathers; the rules are the reconciler's.
 */
public final class ReconciliationQueries {
  /**
   * What an entry posts per book. For a charge's own entry, a posting counts as ring-fenced or host
   * payable only on the charge's order and host operator, in its currency: anything else is
   * "other".
   */
  private static String postings(String entry, String order, String operator, String currency) {
    String own =
        order == null
            ? ""
            : " AND la.purchase_order_id = " + order + " AND la.currency = " + currency;
    String ownHost =
        operator == null
            ? ""
            : " AND la.owner_account_id = " + operator + " AND la.currency = " + currency;
    String ownPlatform = currency == null ? "" : " AND la.currency = " + currency;
    return "LEFT JOIN LATERAL (SELECT"
        + " coalesce(sum(jl.amount_micros) FILTER (WHERE la.book = 'customer-ring-fenced'"
        + own
        + "), 0)::bigint AS ring,"
        + " coalesce(sum(jl.amount_micros) FILTER (WHERE la.book = 'host-payable'"
        + ownHost
        + "), 0)::bigint AS host,"
        + " coalesce(sum(jl.amount_micros) FILTER (WHERE la.book = 'platform-revenue'"
        + ownPlatform
        + "), 0)::bigint AS platform,"
        + " coalesce(sum(jl.amount_micros), 0)::bigint AS total"
        + " FROM public.journal_line jl JOIN public.ledger_account la ON la.id = jl.ledger_account_id"
        + " WHERE jl.entry_id = "
        + entry
        + ") p ON true";
  }

  private static final String CHARGES =
      "SELECT c.session_id, c.sequence, c.currency, c.rated_micros,"
          + " coalesce((SELECT sum(l.amount_micros) FROM billing.usage_charge_line l"
          + " WHERE l.session_id = c.session_id AND l.sequence = c.sequence), 0)::bigint,"
          + " c.charged_micros, c.fee_micros, coalesce(o.overrun_micros, 0), c.journal_entry_id,"
          + " e.id IS NOT NULL, e.kind, e.created_by, p.ring, p.host, p.platform, p.total"
          + " FROM billing.usage_charge c"
          + " LEFT JOIN billing.order_overrun o USING (session_id, sequence)"
          + " LEFT JOIN public.journal_entry e ON e.id = c.journal_entry_id "
          + postings(
              "c.journal_entry_id", "c.purchase_order_id", "c.host_operator_id", "c.currency")
          + " WHERE c.rated_at >= $1 AND c.rated_at < $2"
          + " ORDER BY c.rated_at, c.session_id, c.sequence";

  private static final String UNEXPLAINED_ENTRIES =
      "SELECT e.id, e.kind, e.currency, e.reference, e.created_at,"
          + " p.ring, p.host, p.platform, p.total"
          + " FROM public.journal_entry e "
          + postings("e.id", null, null, null)
          + " WHERE e.created_by = $3 AND e.created_at >= $1 AND e.created_at < $2"
          + " AND NOT EXISTS (SELECT 1 FROM billing.usage_charge c WHERE c.journal_entry_id = e.id)"
          + " ORDER BY e.created_at, e.id";

  private static final String ACCOUNTS =
      "SELECT la.id, la.book, la.currency, la.balance_micros,"
          + " (SELECT coalesce(sum(jl.amount_micros), 0) FROM public.journal_line jl"
          + " WHERE jl.ledger_account_id = la.id)::bigint"
          + " FROM public.ledger_account la WHERE la.id IN ("
          + " SELECT jl.ledger_account_id FROM public.journal_line jl"
          + " JOIN public.journal_entry e ON e.id = jl.entry_id"
          + " WHERE e.created_by = $3 AND e.created_at >= $1 AND e.created_at < $2"
          + " UNION SELECT jl.ledger_account_id FROM public.journal_line jl"
          + " JOIN billing.usage_charge c ON c.journal_entry_id = jl.entry_id"
          + " WHERE c.rated_at >= $1 AND c.rated_at < $2)"
          + " ORDER BY la.id";

  private final Pool pool;
  private final Clock clock;

  public ReconciliationQueries(Pool pool, Clock clock) {
    this.pool = requireNonNull(pool, "pool is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public ReconciliationReport reconcile(ReportRange range) {
    Tuple r = Tuple.of(range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC));
    Tuple byBilling =
        Tuple.of(
            range.from().atOffset(ZoneOffset.UTC),
            range.to().atOffset(ZoneOffset.UTC),
            Reconciler.BILLING_ACCOUNT);
    return ReadOnlySnapshot.read(
        pool,
        s -> {
          Reconciler reconciler = new Reconciler();
          s.forEach(CHARGES, r, row -> reconciler.charge(charge(row)));
          s.forEach(UNEXPLAINED_ENTRIES, byBilling, row -> reconciler.unexplainedEntry(entry(row)));
          s.forEach(ACCOUNTS, byBilling, row -> reconciler.account(account(row)));
          return reconciler.finish(range, clock.instant());
        });
  }

  private static ChargeFacts charge(Row row) {
    return new ChargeFacts(
        row.getUUID(0),
        row.getLong(1),
        row.getString(2),
        row.getLong(3),
        row.getLong(4),
        row.getLong(5),
        row.getLong(6),
        row.getLong(7),
        row.getUUID(8),
        row.getBoolean(9),
        row.getString(10),
        row.getUUID(11),
        postings(row, 12));
  }

  private static EntryFacts entry(Row row) {
    return new EntryFacts(
        row.getUUID(0),
        row.getString(1),
        row.getString(2),
        row.getString(3),
        row.getOffsetDateTime(4).toInstant(),
        postings(row, 5));
  }

  private static AccountFacts account(Row row) {
    return new AccountFacts(
        row.getUUID(0), row.getString(1), row.getString(2), row.getLong(3), row.getLong(4));
  }

  /** ring, host, platform and the entry's total → postings, "other" being the rest of the total. */
  private static BookPostings postings(Row row, int at) {
    long ring = row.getLong(at);
    long host = row.getLong(at + 1);
    long platform = row.getLong(at + 2);
    long total = row.getLong(at + 3);
    return new BookPostings(ring, host, platform, total - ring - host - platform);
  }
}
