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
 * one snapshot, streaming: the usage charges rated in the range, the postings of the journal
 * entries they name and of the entries billing made in the range (charges by the billing account,
 * credit notes, payouts), the ledger accounts those entries touched, and the gaps in the sequence
 * numbers below the range's charges. The SQL only gathers; the rules are the reconciler's.
 */
public final class ReconciliationQueries {
  private static final String CHARGES =
      "SELECT c.session_id, c.sequence, c.currency, c.rated_micros,"
          + " coalesce((SELECT sum(l.amount_micros) FROM billing.usage_charge_line l"
          + " WHERE l.session_id = c.session_id AND l.sequence = c.sequence), 0)::bigint,"
          + " c.charged_micros, c.fee_micros, coalesce(o.overrun_micros, 0), c.journal_entry_id,"
          + " EXISTS (SELECT 1 FROM public.journal_entry e WHERE e.id = c.journal_entry_id),"
          + " c.purchase_order_id, c.host_operator_id"
          + " FROM billing.usage_charge c"
          + " LEFT JOIN billing.order_overrun o USING (session_id, sequence)"
          + " WHERE c.rated_at >= $1 AND c.rated_at < $2"
          + " ORDER BY c.rated_at, c.session_id, c.sequence";

  /**
   * Per record charged in the range whose predecessor (by sequence, found through the primary key)
   * is not the number just below it: the gap, and how many of its numbers a dead letter claims.
   */
  private static final String GAPS =
      "SELECT c.session_id, c.currency, coalesce(p.sequence, 0), c.sequence,"
          + " (SELECT count(DISTINCT d.sequence) FROM billing.dead_letter d"
          + " WHERE d.session_id = c.session_id::text AND d.sequence > coalesce(p.sequence, 0)"
          + " AND d.sequence < c.sequence)"
          + " FROM billing.usage_charge c"
          + " LEFT JOIN LATERAL (SELECT x.sequence FROM billing.usage_charge x"
          + " WHERE x.session_id = c.session_id AND x.sequence < c.sequence"
          + " ORDER BY x.sequence DESC LIMIT 1) p ON true"
          + " WHERE c.rated_at >= $1 AND c.rated_at < $2"
          + " AND c.sequence > coalesce(p.sequence, 0) + 1"
          + " ORDER BY c.session_id, c.sequence";

  /**
   * The entries of the range: named by its charges ({@code charged}), or made by billing in it. An
   * entry and the charges naming it are written in one transaction with one timestamp, so the
   * charges naming an entry of the range are among the range's (usage_charge has no index by entry:
   * billing V006).
   */
  private static final String ENTRIES =
      "WITH charged AS ("
          + " SELECT DISTINCT c.journal_entry_id AS id FROM billing.usage_charge c"
          + " WHERE c.rated_at >= $1 AND c.rated_at < $2 AND c.journal_entry_id IS NOT NULL),"
          + " ids AS (SELECT id FROM charged"
          + " UNION SELECT e.id FROM public.journal_entry e"
          + " WHERE e.created_at >= $1 AND e.created_at < $2"
          + " AND (e.created_by = $3 OR e.kind IN ('credit-note', 'host-payout')))";

  private static final String POSTINGS =
      ENTRIES
          + " SELECT e.id, e.kind, e.created_by, e.reference, e.created_at,"
          + " CASE WHEN e.id IN (SELECT id FROM charged)"
          + " THEN 'usage-charge'"
          + " WHEN EXISTS (SELECT 1 FROM billing.credit_note n WHERE n.journal_entry_id = e.id)"
          + " THEN 'credit-note'"
          + " WHEN EXISTS (SELECT 1 FROM billing.payout p WHERE p.journal_entry_id = e.id)"
          + " THEN 'payout' END,"
          + " la.id, la.book, la.owner_account_id, la.purchase_order_id,"
          + " coalesce(la.currency, e.currency), coalesce(sum(jl.amount_micros), 0)::bigint"
          + " FROM ids JOIN public.journal_entry e ON e.id = ids.id"
          + " LEFT JOIN public.journal_line jl ON jl.entry_id = e.id"
          + " LEFT JOIN public.ledger_account la ON la.id = jl.ledger_account_id"
          + " GROUP BY e.id, la.id"
          + " ORDER BY e.created_at, e.id, la.id";

  private static final String ACCOUNTS =
      ENTRIES
          + " SELECT la.id, la.book, la.currency, la.balance_micros,"
          + " (SELECT coalesce(sum(l.amount_micros), 0) FROM public.journal_line l"
          + " WHERE l.ledger_account_id = la.id)::bigint"
          + " FROM public.ledger_account la WHERE la.id IN ("
          + " SELECT jl.ledger_account_id FROM public.journal_line jl JOIN ids ON ids.id = jl.entry_id)"
          + " ORDER BY la.id";

  private final Pool pool;
  private final Clock clock;

  public ReconciliationQueries(Pool pool, Clock clock) {
    this.pool = requireNonNull(pool, "pool is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public ReconciliationReport reconcile(ReportRange range) {
    Tuple r = Tuple.of(range.from().atOffset(ZoneOffset.UTC), range.to().atOffset(ZoneOffset.UTC));
    Tuple withBilling =
        Tuple.of(
            range.from().atOffset(ZoneOffset.UTC),
            range.to().atOffset(ZoneOffset.UTC),
            Reconciler.BILLING_ACCOUNT);
    return ReadOnlySnapshot.read(
        pool,
        s -> {
          Reconciler reconciler = new Reconciler();
          s.forEach(CHARGES, r, row -> reconciler.charge(charge(row)));
          s.forEach(GAPS, r, row -> reconciler.gap(gap(row)));
          s.forEach(POSTINGS, withBilling, row -> reconciler.posting(posting(row)));
          s.forEach(ACCOUNTS, withBilling, row -> reconciler.account(account(row)));
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
        row.getUUID(10),
        row.getUUID(11));
  }

  private static SequenceGap gap(Row row) {
    return new SequenceGap(
        row.getUUID(0), row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4));
  }

  private static EntryPosting posting(Row row) {
    return new EntryPosting(
        row.getUUID(0),
        row.getString(1),
        row.getUUID(2),
        row.getString(3),
        row.getOffsetDateTime(4).toInstant(),
        row.getString(5),
        row.getUUID(6),
        row.getString(7),
        row.getUUID(8),
        row.getUUID(9),
        row.getString(10),
        row.getLong(11));
  }

  private static AccountFacts account(Row row) {
    return new AccountFacts(
        row.getUUID(0), row.getString(1), row.getString(2), row.getLong(3), row.getLong(4));
  }
}
