package io.xenia.billing.payouts;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.xenia.billing.api.Amounts;
import io.xenia.billing.api.BillingException;
import io.xenia.billing.persistence.Query;
import java.util.List;
import java.util.UUID;

/** Reads payout statements with their payment and the credit notes that reduce them. */
final class PayoutStatementRows {
  private PayoutStatementRows() {}

  /**
   * The statement's columns, its payment's (NULL while unpaid), and the host's share of the credit
   * notes on its lines: same period, host operator and currency.
   */
  static final String SELECT =
      "SELECT s.id, s.period_id, s.host_operator_id, s.currency, s.charged_micros, s.fee_micros,"
          + " s.payable_micros, s.uncharged_micros, s.issued_at, p.amount_micros AS paid_micros,"
          + " p.paid_at, p.paid_by, p.reference, p.journal_entry_id,"
          + " (SELECT coalesce(sum(n.host_share_micros), 0) FROM billing.credit_note n"
          + " WHERE n.period_id = s.period_id AND n.host_operator_id = s.host_operator_id"
          + " AND n.currency = s.currency) AS credited_micros"
          + " FROM billing.payout_statement s LEFT JOIN billing.payout p ON p.statement_id = s.id";

  static Row find(SqlClient c, UUID id, String lock) {
    var rows = Query.run(c, SELECT + " WHERE s.id = $1" + lock, id);
    if (rows.size() == 0) {
      throw BillingException.notFound("payout statement " + id);
    }
    return rows.iterator().next();
  }

  /** Payable less credited: what paying the statement moves now. */
  static long due(Row row) {
    return row.getLong("payable_micros") - row.getNumeric("credited_micros").longValue();
  }

  static PayoutStatementView view(Row row, boolean staff, List<PayoutStatementView.Line> lines) {
    String c = row.getString("currency").trim();
    boolean paid = row.getOffsetDateTime("paid_at") != null;
    long due = paid ? row.getLong("paid_micros") : due(row);
    return new PayoutStatementView(
        row.getUUID("id"),
        row.getString("period_id"),
        row.getUUID("host_operator_id"),
        c,
        Amounts.of(c, row.getLong("charged_micros")),
        Amounts.of(c, row.getLong("fee_micros")),
        Amounts.of(c, row.getLong("payable_micros")),
        Amounts.of(c, row.getNumeric("credited_micros").longValue()),
        Amounts.of(c, due),
        Amounts.of(c, row.getLong("uncharged_micros")),
        paid ? "paid" : "unpaid",
        Query.instant(row, "issued_at"),
        Query.instant(row, "paid_at"),
        staff ? row.getUUID("paid_by") : null,
        row.getString("reference"),
        staff ? row.getUUID("journal_entry_id") : null,
        lines);
  }

  static List<PayoutStatementView.Line> lines(SqlClient c, UUID id, String currency) {
    String cur = currency.trim();
    return Query.list(
        c,
        "SELECT session_id, records, charged_micros, fee_micros, payable_micros,"
            + " uncharged_micros FROM billing.payout_statement_line WHERE statement_id = $1"
            + " ORDER BY session_id",
        l ->
            new PayoutStatementView.Line(
                l.getUUID("session_id"),
                l.getLong("records"),
                Amounts.of(cur, l.getLong("charged_micros")),
                Amounts.of(cur, l.getLong("fee_micros")),
                Amounts.of(cur, l.getLong("payable_micros")),
                Amounts.of(cur, l.getLong("uncharged_micros"))),
        id);
  }
}
