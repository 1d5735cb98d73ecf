package io.xenia.billing.disputes;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.xenia.billing.api.Amounts;
import io.xenia.billing.api.BillingException;
import io.xenia.billing.persistence.Query;
import java.util.UUID;

/** Reads disputes, the invoice lines they dispute, and credit notes. */
final class DisputeRows {
  private DisputeRows() {}

  static final String DISPUTE =
      "SELECT d.*, n.id AS credit_note_id FROM billing.dispute d"
          + " LEFT JOIN billing.credit_note n ON n.dispute_id = d.id";

  static final String CREDIT_NOTE = "SELECT n.* FROM billing.credit_note n";

  /**
   * The line with its invoice's customer, currency and period, and what credit notes took back of
   * it so far.
   */
  static final String LINE =
      "SELECT l.id, l.invoice_id, l.host_operator_id, l.charged_micros, l.fee_micros,"
          + " i.customer_account_id, i.currency, i.period_id,"
          + " (SELECT coalesce(sum(n.amount_micros), 0) FROM billing.credit_note n"
          + " WHERE n.invoice_line_id = l.id) AS credited_micros"
          + " FROM billing.invoice_line l JOIN billing.invoice i ON i.id = l.invoice_id";

  static Row dispute(SqlClient c, UUID id, String lock) {
    var rows = Query.run(c, DISPUTE + " WHERE d.id = $1" + lock, id);
    if (rows.size() == 0) {
      throw BillingException.notFound("dispute " + id);
    }
    return rows.iterator().next();
  }

  static Row line(SqlClient c, UUID invoice, UUID line, String lock) {
    var rows = Query.run(c, LINE + " WHERE l.id = $1 AND l.invoice_id = $2" + lock, line, invoice);
    if (rows.size() == 0) {
      throw BillingException.notFound("invoice line " + line + " of invoice " + invoice);
    }
    return rows.iterator().next();
  }

  static DisputeView dispute(Row row) {
    return new DisputeView(
        row.getUUID("id"),
        row.getUUID("invoice_id"),
        row.getUUID("invoice_line_id"),
        row.getUUID("customer_account_id"),
        row.getString("reason"),
        row.getString("status"),
        Query.instant(row, "opened_at"),
        Query.instant(row, "resolved_at"),
        row.getString("resolution"),
        row.getUUID("credit_note_id"));
  }

  static CreditNoteView creditNote(Row row, boolean staff) {
    String c = row.getString("currency").trim();
    return new CreditNoteView(
        row.getUUID("id"),
        row.getUUID("dispute_id"),
        row.getUUID("invoice_id"),
        row.getUUID("invoice_line_id"),
        row.getString("period_id"),
        row.getUUID("customer_account_id"),
        Amounts.of(c, row.getLong("amount_micros")),
        Query.instant(row, "issued_at"),
        staff ? row.getUUID("host_operator_id") : null,
        staff ? Amounts.of(c, row.getLong("host_share_micros")) : null,
        staff ? Amounts.of(c, row.getLong("fee_share_micros")) : null,
        staff ? row.getUUID("journal_entry_id") : null);
  }
}
